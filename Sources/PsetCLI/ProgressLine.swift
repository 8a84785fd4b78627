import Foundation
import PsetGrader
import Synchronization

/// Shows the grader's progress on stderr: one line rewritten in place on a terminal, phase changes otherwise.
final class ProgressLine: Sendable {
    private let last = Mutex("")
    private let isTerminal = isatty(STDERR_FILENO) == 1

    /// Shows one progress event.
    func show(_ progress: GradingProgress) {
        let text = progress.description
        last.withLock { previous in
            if isTerminal {
                FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
            } else if Self.phase(of: text) != Self.phase(of: previous) || Self.isFinal(progress) {
                FileHandle.standardError.write(Data("\(text)\n".utf8))
            }
            previous = text
        }
    }

    /// Ends the progress line, so that what follows starts on a line of its own.
    func finish() {
        if isTerminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }

    private static func phase(of text: String) -> Substring {
        text.prefix { !$0.isNumber }
    }

    private static func isFinal(_ progress: GradingProgress) -> Bool {
        if case .schedules(_, let explored, let total) = progress { return explored == total }
        return false
    }
}
