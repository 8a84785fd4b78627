import Foundation
import PsetStore

/// What grading a claimed job came to: a grading to record, or a failure of the grader's own to retry.
public enum GradingResult: Sendable, Equatable {
    /// A grading to record: whatever the submission did, even failing to compile or crashing, is one.
    case graded(Grading)
    /// The grader could not grade (no compiler, the sandbox could not start): the job is retried elsewhere.
    case failed(String)

    /// A grading the grader reported as its own error is a failure to retry, with the grader's reason.
    public init(_ grading: Grading) {
        guard grading.verdict == GradingOutcome.Verdict.error.rawValue else {
            self = .graded(grading)
            return
        }
        let details = grading.details.flatMap { try? GradingDetails(json: $0) }
        let reason =
            details?.checks.first { !$0.passed }?.message ?? details?.compilerOutput ?? "the grader reported an error"
        self = .failed(reason)
    }
}
