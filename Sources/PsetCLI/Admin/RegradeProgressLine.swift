import Foundation
import PsetCourse
import Synchronization

/// Shows a regrade's progress on stderr: one line rewritten in place on a terminal, else a line per tenth done.
final class RegradeProgressLine: Sendable {
    private let id: String
    private let lastTenth = Mutex(-1)
    private let isTerminal = isatty(STDERR_FILENO) == 1

    init(id: String) { self.id = id }

    func show(_ progress: RegradeProgress) {
        let text = "regrading \(id): \(progress.description)"
        if isTerminal {
            FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
            return
        }
        let tenth = progress.total == 0 ? 10 : 10 * progress.done / progress.total
        let isNew = lastTenth.withLock { last in
            defer { last = max(last, tenth) }
            return tenth > last
        }
        if isNew { FileHandle.standardError.write(Data("\(text)\n".utf8)) }
    }

    /// Ends the progress line, so that the summary starts on a line of its own.
    func finish() {
        if isTerminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
