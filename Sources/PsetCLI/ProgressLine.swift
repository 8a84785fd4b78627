import Foundation
import PsetGrader
import Synchronization

/// Shows progress on stderr: one line rewritten in place on a terminal (cut to its width, so that the rewrite
/// clears all of it), and otherwise a plain line at each change of phase and when a count reaches its total.
final class ProgressLine: Sendable {
    private let last = Mutex("")
    private let width = Terminal.width(of: STDERR_FILENO)

    /// Runs `work` with a progress line, cleared when it ends however it ends, so the result or the error
    /// that follows starts on a line of its own.
    static func showing<Value>(_ work: (ProgressLine) async throws -> Value) async throws -> Value {
        let progress = ProgressLine()
        defer { progress.finish() }
        return try await work(progress)
    }

    /// Shows one of the grader's progress events.
    func show(_ progress: GradingProgress) { show(progress.description) }

    /// Shows one progress message, such as "testing public: schedules explored 40 of 200".
    func show(_ text: String) {
        last.withLock { previous in
            if let width {
                FileHandle.standardError.write(Data("\r\u{1B}[K\(LineWrapper.truncated(text, width: width))".utf8))
            } else if Self.phase(of: text) != Self.phase(of: previous) || Self.isFinal(text) {
                FileHandle.standardError.write(Data("\(text)\n".utf8))
            }
            previous = text
        }
    }

    /// Writes a notice on a line of its own, clearing the progress line first; the next progress message shows
    /// again below it.
    func note(_ line: String) {
        last.withLock { previous in
            let clear = width != nil && !previous.isEmpty ? "\r\u{1B}[K" : ""
            FileHandle.standardError.write(Data((clear + Terminal.standardError.wrapped(line) + "\n").utf8))
            previous = ""
        }
    }

    /// Ends the progress line, so that what follows starts on a line of its own.
    func finish() {
        last.withLock { previous in
            if width != nil && !previous.isEmpty { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            previous = ""
        }
    }

    /// What a message is about, without its counts: "testing public: schedules explored ".
    private static func phase(of text: String) -> Substring {
        text.prefix { !$0.isNumber }
    }

    /// Whether a message ends in a count that reached its total, such as "… 200 of 200".
    private static func isFinal(_ text: String) -> Bool {
        let words = text.split(separator: " ")
        guard words.count >= 3, words[words.count - 2] == "of", let total = Int(words[words.count - 1]) else {
            return false
        }
        return Int(words[words.count - 3]) == total
    }
}
