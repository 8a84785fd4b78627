import Foundation

/// How text output is styled: colour only on a terminal, and never when `NO_COLOR` is set.
struct Terminal: Sendable {
    let colors: Bool

    static let standardOutput = Terminal(writingTo: STDOUT_FILENO)
    static let standardError = Terminal(writingTo: STDERR_FILENO)

    /// Colours for a terminal on `descriptor`, unless `NO_COLOR` is set to anything non-empty.
    init(writingTo descriptor: Int32) {
        let noColor = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        colors = isatty(descriptor) == 1 && !noColor
    }

    func bold(_ text: String) -> String { style(text, "1") }
    func dim(_ text: String) -> String { style(text, "2") }
    func green(_ text: String) -> String { style(text, "32") }
    func red(_ text: String) -> String { style(text, "31") }
    func yellow(_ text: String) -> String { style(text, "33") }

    private func style(_ text: String, _ code: String) -> String {
        colors ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}

/// Writes a line to standard error: progress, notes and warnings, never results.
func note(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
