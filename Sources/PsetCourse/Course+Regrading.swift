import Foundation
import PsetModel
import PsetStore

extension Course {
    /// Grades every stored attempt at a problem again and records the new gradings alongside the old ones: a
    /// coding task's submissions with the current grader, replaying each one's stored seed and hidden-test
    /// parameters; a question's answers against the current answer key, each on the variant it was made on.
    ///
    /// Attempts are never rewritten: a regrade adds a grading, and the newest grading is the one in force.
    /// `progress` hears of each attempt as its grading starts, and once more when all are done.
    public func regrade(
        _ id: String, progress: @escaping @Sendable (RegradeProgress) -> Void = { _ in }
    ) async throws -> RegradeReport {
        let (problem, set) = try lookup(id)
        guard problem.codingTask != nil else { return try regradeAnswers(problem, in: set, progress: progress) }
        var changed: [RegradeReport.Change] = []
        let submissions = try attempts(at: id).filter { $0.attempt.response == nil }
        for (done, submission) in submissions.enumerated() {
            try Task.checkCancellation()
            progress(RegradeProgress(done: done, total: submissions.count, current: submission.attempt))
            let seed = try database.job(forAttempt: submission.attempt.id!)?.seed ?? submission.grading?.seed
            let grading = try database.recordGrading(try await evaluate(submission.attempt, seed: seed))
            let verdict = GradingOutcome.Verdict(rawValue: grading.verdict) ?? .error
            if let moved = change(of: submission, to: grading, in: set, verdict: verdict) { changed.append(moved) }
        }
        progress(RegradeProgress(done: submissions.count, total: submissions.count, current: nil))
        return RegradeReport(id: id, regraded: submissions.count, changed: changed)
    }

    /// Grades every stored answer to a question again, in the keys and with the numbers its student saw, so a
    /// corrected answer key reaches everyone who answered.
    private func regradeAnswers(
        _ problem: Problem, in set: ProblemSet, progress: @Sendable (RegradeProgress) -> Void
    ) throws -> RegradeReport {
        var changed: [RegradeReport.Change] = []
        let answers = try attempts(at: problem.id).filter { $0.attempt.response != nil }
        for (done, answer) in answers.enumerated() {
            progress(RegradeProgress(done: done, total: answers.count, current: answer.attempt))
            guard let response = answer.attempt.response,
                let question = variant(of: problem, madeIn: answer.attempt).problem.question
            else { continue }
            // An answer the current question cannot read (a choice since removed) earns nothing.
            let evaluation = (try? question.evaluate([response])) ?? Evaluation(response: response, fraction: 0)
            let grading = try database.recordGrading(
                Self.grading(evaluation, of: problem, attemptID: answer.attempt.id!, at: now))
            let verdict: GradingOutcome.Verdict = evaluation.correct ? .passed : .failed
            if let moved = change(of: answer, to: grading, in: set, verdict: verdict) { changed.append(moved) }
        }
        progress(RegradeProgress(done: answers.count, total: answers.count, current: nil))
        return RegradeReport(id: problem.id, regraded: answers.count, changed: changed)
    }

    /// How an attempt's score moved under a new grading, when it moved.
    private func change(
        of graded: GradedAttempt, to grading: Grading, in set: ProblemSet, verdict: GradingOutcome.Verdict
    ) -> RegradeReport.Change? {
        let before = effectiveScore(graded, in: set)
        let after = effectiveScore(GradedAttempt(attempt: graded.attempt, grading: grading), in: set) ?? 0
        guard before != after else { return nil }
        return RegradeReport.Change(
            student: graded.attempt.personID, attempt: graded.attempt.number, before: before, after: after,
            verdict: verdict)
    }
}
