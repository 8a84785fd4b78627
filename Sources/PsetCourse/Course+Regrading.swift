import Foundation
import PsetModel
import PsetStore

extension Course {
    /// Grades every stored submission of a coding task again with the current grader, replaying each one's
    /// stored seed, and records the new gradings alongside the old ones.
    ///
    /// Attempts are never rewritten: a regrade adds a grading, and the newest grading is the one in force.
    public func regrade(_ id: String) async throws -> RegradeReport {
        let (problem, set) = try lookup(id)
        guard problem.codingTask != nil else { throw CourseError.notACodingTask(id) }
        var changed: [RegradeReport.Change] = []
        let submissions = try database.attempts(at: id).filter { $0.attempt.response == nil }
        for submission in submissions {
            let seed = try database.job(forAttempt: submission.attempt.id!)?.seed ?? submission.grading?.seed
            let grading = try database.recordGrading(try await evaluate(submission.attempt, seed: seed))
            let before = effectiveScore(submission, in: set)
            let after = effectiveScore(GradedAttempt(attempt: submission.attempt, grading: grading), in: set) ?? 0
            if before != after {
                changed.append(
                    RegradeReport.Change(
                        student: submission.attempt.personID, attempt: submission.attempt.number, before: before,
                        after: after, verdict: GradingOutcome.Verdict(rawValue: grading.verdict) ?? .error))
            }
        }
        return RegradeReport(id: id, regraded: submissions.count, changed: changed)
    }
}
