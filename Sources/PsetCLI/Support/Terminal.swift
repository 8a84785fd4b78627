import Foundation

/// How text output is styled: colour only on a terminal, and never when `NO_COLOR` is set; lines wrapped to the
/// terminal's width, and not at all when the output is not a terminal.
struct Terminal: Sendable {
    let colors: Bool
    /// The columns to wrap at; `nil` when the output is not a terminal.
    let width: Int?

    static let standardOutput = Terminal(writingTo: STDOUT_FILENO)
    static let standardError = Terminal(writingTo: STDERR_FILENO)

    /// Colours for a terminal on `descriptor`, unless `NO_COLOR` is set to anything non-empty.
    init(writingTo descriptor: Int32) {
        let noColor = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        colors = isatty(descriptor) == 1 && !noColor
        width = Self.width(of: descriptor)
    }

    /// The width of the terminal on `descriptor`: `COLUMNS` when set, else the window's size, else 80; `nil` when
    /// `descriptor` is not a terminal.
    static func width(of descriptor: Int32) -> Int? {
        guard isatty(descriptor) == 1 else { return nil }
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns > 0 {
            return columns
        }
        var size = winsize()
        if ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 80
    }

    func bold(_ text: String) -> String { style(text, "1") }
    func dim(_ text: String) -> String { style(text, "2") }
    func green(_ text: String) -> String { style(text, "32") }
    func red(_ text: String) -> String { style(text, "31") }
    func yellow(_ text: String) -> String { style(text, "33") }

    /// `text` with each line longer than the terminal broken between words, continuing at the line's indent.
    func wrapped(_ text: String) -> String {
        guard let width else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { LineWrapper.wrap(String($0), width: width) }
            .joined(separator: "\n")
    }

    private func style(_ text: String, _ code: String) -> String {
        colors ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}

/// Writes a line to standard error: progress, notes and warnings, never results.
func note(_ line: String) {
    FileHandle.standardError.write(Data((Terminal.standardError.wrapped(line) + "\n").utf8))
}
