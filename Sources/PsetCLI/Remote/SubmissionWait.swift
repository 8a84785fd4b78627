import Dispatch
import Foundation
import NIOCore
import PsetCourse
import PsetService
import PsetStore

/// Waits for a stored submission's grading on a `pset serve`, showing its place in the queue, and outlasts a
/// server that stops or restarts: the submission is stored there, so the wait reconnects with a growing pause
/// for up to `reconnectLimit`, and Ctrl-C ends it with the command that shows the feedback later.
struct SubmissionWait {
    let client: ServiceClient
    let progress: ProgressLine
    /// How long the server may stay unreachable before the wait gives up.
    var reconnectLimit: Duration = .seconds(120)

    func result(of acknowledged: SubmissionStatus) async throws -> SubmitResult {
        let stored =
            "your submission is stored as attempt \(acknowledged.attempt) of \(acknowledged.id); "
            + "`pset feedback \(acknowledged.id) --attempt \(acknowledged.attempt)` shows its feedback once it is graded"
        let interrupt = Self.onInterrupt { [progress] in
            progress.finish()
            FileHandle.standardError.write(Data("pset: stopped waiting: \(stored)\n".utf8))
            exit(130)
        }
        defer { Self.restore(interrupt) }
        var status = acknowledged
        var lostAt: ContinuousClock.Instant?
        var pause = Duration.milliseconds(250)
        progress.show(Self.describe(status))
        while true {
            if let result = status.result { return result }
            do {
                status = try await client.get(
                    "/v1/submissions/\(status.submission)", query: ["wait": "20"], timeout: .seconds(35))
                if lostAt != nil {
                    progress.note("Reconnected to \(client.settings.server).")
                    (lostAt, pause) = (nil, .milliseconds(250))
                }
                progress.show(Self.describe(status))
            } catch let error as ConnectionError {
                let now = ContinuousClock.now
                guard let since = lostAt else {
                    lostAt = now
                    progress.note(
                        "\(error).\nNothing is lost: \(stored).\nWaiting up to \(Self.spoken(reconnectLimit)) "
                            + "for the server to come back (Ctrl-C stops waiting).")
                    continue
                }
                guard now - since < reconnectLimit else {
                    throw RemoteError(
                        "the server at \(client.settings.server) did not come back within "
                            + "\(Self.spoken(reconnectLimit)); \(stored)")
                }
                progress.show("waiting for the server to come back: \(error.reason)")
                try await Task.sleep(for: min(pause, reconnectLimit - (now - since)))
                pause = min(pause * 2, .seconds(8))
            }
        }
    }

    /// The progress line for a status: the place in the queue, or the grader's latest word.
    static func describe(_ status: SubmissionStatus) -> String {
        switch status.state {
        case .queued:
            status.ahead == 0 ? "queued: next to be graded" : "queued: \(status.ahead) submission(s) ahead of yours"
        case .running: "grading" + (status.progress.map { ": \($0)" } ?? "")
        case .done: "graded"
        }
    }

    /// "2 minutes", "45 seconds".
    static func spoken(_ duration: Duration) -> String {
        let seconds = duration.components.seconds
        if seconds >= 60 && seconds % 60 == 0 { return "\(seconds / 60) minute\(seconds == 60 ? "" : "s")" }
        return "\(seconds) second\(seconds == 1 ? "" : "s")"
    }

    /// Runs `handler` on SIGINT instead of the default (ending the process without a word) until `restore`.
    private static func onInterrupt(_ handler: @escaping @Sendable () -> Void) -> any DispatchSourceSignal {
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler(handler: handler)
        source.resume()
        return source
    }

    private static func restore(_ source: any DispatchSourceSignal) {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }
}
