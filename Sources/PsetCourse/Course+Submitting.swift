import Foundation
import PsetModel
import PsetStore

extension Course {
    /// Stores a coding submission, ungraded, after checking it has exactly the task's files.
    ///
    /// Storing comes first so that nothing a student handed in is lost, whatever happens while grading.
    public func recordSubmission(_ id: String, files: [SourceFile], by personID: String) throws -> Attempt {
        let (problem, set) = try lookup(id)
        guard let task = problem.codingTask else { throw CourseError.notACodingTask(id) }
        let expected = task.submittedFileNames
        var seen = Set<String>()
        for file in files {
            guard seen.insert(file.name).inserted else { throw CourseError.duplicateFile(file.name) }
            guard expected.contains(file.name) else {
                throw CourseError.unexpectedFile(problem: id, name: file.name, expected: expected)
            }
        }
        if let missing = expected.first(where: { !seen.contains($0) }) {
            throw CourseError.missingFile(problem: id, name: missing)
        }
        let ordered = expected.compactMap { name in files.first { $0.name == name } }
        return try recordAttempt(problem, in: set, by: personID, response: nil, files: ordered, at: now).attempt
    }

    /// Grades a stored submission with the course's grader and records the grading.
    public func grade(
        _ attempt: Attempt, seed: String? = nil, progress: @escaping @Sendable (String) -> Void = { _ in }
    ) async throws -> SubmitResult {
        let (problem, _) = try lookup(attempt.problemID)
        let files = try database.files(of: attempt.id!).map { SourceFile(name: $0.name, contents: $0.contents) }
        let outcome: GradingOutcome
        if let grader {
            outcome = await grader.grade(problem, files: files, seed: seed, progress: progress)
        } else {
            outcome = GradingOutcome(
                score: 0, verdict: .error,
                checks: [CheckOutcome(name: "grading", passed: false, message: "this course has no grader")])
        }
        let details = String(decoding: try JSONEncoder().encode(outcome.checks), as: UTF8.self)
        let grading = try database.recordGrading(
            Grading(
                attemptID: attempt.id!, gradedAt: now, score: min(outcome.score, problem.points),
                verdict: outcome.verdict.rawValue, details: details, seed: outcome.seed))
        return try submitResult(GradedAttempt(attempt: attempt, grading: grading))
    }

    /// Stores and grades a coding submission.
    public func submit(
        _ id: String, files: [SourceFile], by personID: String, seed: String? = nil,
        progress: @escaping @Sendable (String) -> Void = { _ in }
    ) async throws -> SubmitResult {
        let attempt = try recordSubmission(id, files: files, by: personID)
        return try await grade(attempt, seed: seed, progress: progress)
    }

    /// A graded submission as its student may see it: hidden tests' messages only once revealed.
    public func submitResult(_ graded: GradedAttempt) throws -> SubmitResult {
        let (problem, set) = try lookup(graded.attempt.problemID)
        let attempts = try database.attempts(of: graded.attempt.personID, problem: problem.id).count
        let revealed = try isRevealed(problem, in: set, attempts: attempts, for: graded.attempt.personID)
        var checks =
            try graded.grading?.details.map { try JSONDecoder().decode([CheckOutcome].self, from: Data($0.utf8)) }
            ?? []
        if !revealed {
            for index in checks.indices where checks[index].hidden {
                checks[index].message =
                    checks[index].passed ? "passed" : "failed (hidden test: details after the due date)"
            }
        }
        return SubmitResult(
            id: problem.id, attempt: graded.attempt.number, score: effectiveScore(graded, in: set) ?? 0,
            maxScore: graded.attempt.maxScore,
            verdict: graded.grading.flatMap { GradingOutcome.Verdict(rawValue: $0.verdict) } ?? .error,
            late: graded.attempt.lateSeconds > 0, checks: checks, seed: graded.grading?.seed)
    }
}
