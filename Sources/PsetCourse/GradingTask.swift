import Foundation
import PsetModel
import PsetStore

/// Everything grading a stored submission needs, and nothing more: what a grading worker on another host is sent.
///
/// The problem is named, not sent: a worker grades it from its own compiled-in bank, on the variant the
/// submission was made on, so a submission is graded on the same tests wherever it is graded.
public struct GradingTask: Sendable, Codable, Equatable {
    public var attempt: Int64
    public var problem: String
    /// The variant the submission was made on, with every parameter's value; `nil` for the problem as declared.
    public var variant: Variant?
    public var files: [SourceFile]
    /// The schedule the student asked to replay, if any.
    public var seed: String?

    public init(attempt: Int64, problem: String, variant: Variant?, files: [SourceFile], seed: String?) {
        self.attempt = attempt
        self.problem = problem
        self.variant = variant
        self.files = files
        self.seed = seed
    }

    /// Grades the submission with `grader` on the bank's problem, as a grading made at `date`, without recording
    /// it; the one path from a submission to its grading, for the course, the service's workers and `pset worker`.
    public func grade(
        in bank: Bank, with grader: (any SubmissionGrading)?, at date: Date,
        progress: @escaping @Sendable (String) -> Void = { _ in }
    ) async throws(CourseError) -> Grading {
        guard let declared = bank.problem(problem) else { throw .unknownProblem(problem, suggestion: nil) }
        // Every parameter's value is in the variant, so nothing is drawn from a seed: none is needed.
        let problem = declared.variant(seed: nil, replaying: variant).problem
        let outcome = await Self.outcome(of: problem, files: files, seed: seed, with: grader, progress: progress)
        let details = GradingDetails(
            checks: outcome.checks, replay: outcome.replay, compilerOutput: outcome.compilerOutput)
        return Grading(
            attemptID: attempt, gradedAt: date, score: min(outcome.score, problem.points),
            verdict: outcome.verdict.rawValue, details: details.encoded, seed: outcome.seed)
    }

    /// What `grader` makes of the files; an error outcome when there is none.
    static func outcome(
        of problem: Problem, files: [SourceFile], seed: String?, with grader: (any SubmissionGrading)?,
        progress: @escaping @Sendable (String) -> Void
    ) async -> GradingOutcome {
        guard let grader else {
            return GradingOutcome(
                score: 0, verdict: .error,
                checks: [CheckOutcome(name: "grading", passed: false, message: "this course has no grader")])
        }
        return await grader.grade(problem, files: files, seed: seed, progress: progress)
    }
}

extension Course {
    /// What grading a stored submission needs: its files, the variant it was made on with every value drawn,
    /// and the schedule to replay.
    public func gradingTask(for attempt: Attempt, seed: String?) throws -> GradingTask {
        try gradingTask(
            for: StoredSubmission(attempt: attempt, files: try database.files(of: attempt.id!)), seed: seed)
    }

    /// What grading a submission read with its files needs.
    func gradingTask(for submission: StoredSubmission, seed: String?) throws -> GradingTask {
        let attempt = submission.attempt
        let problem = try lookup(attempt.problemID).problem
        let made = variant(of: problem, madeIn: attempt)
        let files = submission.files.map { SourceFile(name: $0.name, contents: $0.contents) }
        return GradingTask(
            attempt: attempt.id!, problem: problem.id, variant: attempt.variant == nil ? nil : made.variant,
            files: files, seed: seed)
    }

    /// Grades a task with the course's grader, without recording the result.
    public func evaluate(
        _ task: GradingTask, progress: @escaping @Sendable (String) -> Void = { _ in }
    ) async throws -> Grading {
        try await task.grade(in: bank, with: grader, at: now, progress: progress)
    }
}
