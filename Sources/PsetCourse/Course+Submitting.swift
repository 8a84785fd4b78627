import Foundation
import PsetModel
import PsetStore

extension Course {
    /// Stores a coding submission, ungraded, after checking it has exactly the task's files and that a seed to
    /// replay, if any, is one.
    ///
    /// Storing comes first so that nothing a student handed in is lost, whatever happens while grading.
    /// With `enqueue`, the submission's grading job is queued in the same transaction, for the service's workers.
    public func recordSubmission(
        _ id: String, files: [SourceFile], by personID: String, enqueue: Bool = false, seed: String? = nil
    ) throws -> Attempt {
        let (problem, set) = try lookup(id)
        guard let task = problem.codingTask else { throw CourseError.notACodingTask(id) }
        if let seed, SeedToken(seed) == nil { throw CourseError.invalidSeed(seed) }
        try checkFiles(files, for: problem, task: task)
        let ordered = task.submittedFileNames.compactMap { name in files.first { $0.name == name } }
        // The student's hidden-test parameters are fixed now, so a regrade runs the tests this student was given.
        let drawn = try variantInForce(of: problem, for: personID)
        return try recordAttempt(
            problem, in: set, by: personID, response: nil, variant: drawn.stored, files: ordered, at: now,
            enqueue: enqueue, seed: seed
        ).attempt
    }

    /// Grades a stored submission with the course's grader, on the tests of the variant it was made on, without
    /// recording the result.
    public func evaluate(
        _ attempt: Attempt, seed: String? = nil, progress: @escaping @Sendable (String) -> Void = { _ in }
    ) async throws -> Grading {
        try await evaluate(try gradingTask(for: attempt, seed: seed), progress: progress)
    }

    /// What the course's grader makes of the files; an error outcome when the course has none.
    func outcome(
        of problem: Problem, files: [SourceFile], seed: String?, progress: @escaping @Sendable (String) -> Void
    ) async -> GradingOutcome {
        await GradingTask.outcome(of: problem, files: files, seed: seed, with: grader, progress: progress)
    }

    /// A grading that records why a stored submission could not be graded, as its one failed check.
    public func failedGrading(of attempt: Attempt, reason: String) -> Grading {
        failedGrading(ofAttempt: attempt.id!, reason: reason)
    }

    /// A grading that records why the stored submission with this id could not be graded.
    public func failedGrading(ofAttempt attemptID: Int64, reason: String) -> Grading {
        Grading.error(of: attemptID, reason: reason, at: now)
    }

    /// Grades a stored submission with the course's grader and records the grading.
    public func grade(
        _ attempt: Attempt, seed: String? = nil, progress: @escaping @Sendable (String) -> Void = { _ in }
    ) async throws -> SubmitResult {
        let grading = try database.recordGrading(try await evaluate(attempt, seed: seed, progress: progress))
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
        let standing = try standing(at: problem, of: graded.attempt.personID)
        // As late as the due date in force now makes it, like every other view of the attempt.
        let graded = standing.dues.measured(graded)
        let revealed = try isRevealed(
            problem, in: set, attempts: standing.attempts.count, for: graded.attempt.personID)
        let details = try graded.grading?.details.map(GradingDetails.init(json:))
        var checks = details?.checks ?? []
        var seed = graded.grading?.seed
        if !revealed {
            // A schedule found by a hidden test would show what the test does.
            if checks.contains(where: { $0.hidden && $0.seed != nil && $0.seed == seed }) { seed = nil }
            for index in checks.indices where checks[index].hidden {
                checks[index].message = checks[index].passed ? "passed" : "failed (hidden test: details once revealed)"
                checks[index].seed = nil
                checks[index].trace = nil
            }
        }
        return SubmitResult(
            id: problem.id, attempt: graded.attempt.number, score: effectiveScore(graded, in: set) ?? 0,
            maxScore: graded.attempt.maxScore,
            verdict: graded.grading.flatMap { GradingOutcome.Verdict(rawValue: $0.verdict) } ?? .error,
            late: graded.attempt.lateSeconds > 0, checks: checks, seed: seed,
            replay: seed == nil ? nil : details?.replay,
            compilerOutput: details?.compilerOutput.flatMap { $0.isEmpty ? nil : $0 },
            latePenalty: latePenalty(graded, in: set),
            problemScore: score(of: problem, in: set, scored: standing.attempts),
            scoring: set.policy(for: problem).scoring,
            attemptsLeft: attemptsLeft(at: problem, in: set, made: standing.attempts.count)
        )
    }
}

extension Grading {
    /// An `error` grading that records why a stored submission could not be graded, as its one failed check.
    public static func error(of attemptID: Int64, reason: String, at date: Date) -> Grading {
        let details = GradingDetails(
            checks: [CheckOutcome(name: "grading", passed: false, message: reason)], replay: nil, compilerOutput: nil)
        return Grading(
            attemptID: attemptID, gradedAt: date, score: 0, verdict: GradingOutcome.Verdict.error.rawValue,
            details: details.encoded)
    }
}

extension Grading {
    /// Whether `details` is what a grading stores, if anything: its checks, replay command and compiler output as
    /// JSON; what a worker sends is checked with it before it is recorded.
    public static func detailsAreWellFormed(_ details: String?) -> Bool {
        guard let details else { return true }
        return (try? GradingDetails(json: details)) != nil
    }
}

/// What a grading stores beside its score: the checks, the replay command and the compiler's output.
struct GradingDetails: Codable {
    var checks: [CheckOutcome]
    var replay: String?
    var compilerOutput: String?

    /// The JSON a grading stores.
    var encoded: String? {
        (try? JSONEncoder().encode(self)).map { String(decoding: $0, as: UTF8.self) }
    }
}

extension GradingDetails {
    /// The details a grading stored, read back from `encoded`'s JSON.
    init(json: String) throws {
        self = try JSONDecoder().decode(GradingDetails.self, from: Data(json.utf8))
    }
}
