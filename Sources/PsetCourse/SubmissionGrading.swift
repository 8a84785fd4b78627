import PsetModel

/// Grades a coding submission; the course records what it returns.
///
/// The course rules do not depend on how grading works, so they can be tested without a compiler
/// and the service can put a queue in front of the same grader.
public protocol SubmissionGrading: Sendable {
    func grade(
        _ problem: Problem, files: [SourceFile], seed: String?,
        progress: @escaping @Sendable (String) -> Void
    ) async -> GradingOutcome
}

/// What grading a coding submission found.
public struct GradingOutcome: Sendable, Codable, Equatable {
    public enum Verdict: String, Sendable, Codable {
        case passed
        case failed
        case compileError = "compile_error"
        case error
    }

    public var score: Double
    public var verdict: Verdict
    public var checks: [CheckOutcome]
    /// Replays the schedule that made a check fail.
    public var seed: String?
    /// The command that replays it.
    public var replay: String?
    /// The compiler's errors and warnings, with the student's file names and lines.
    public var compilerOutput: String?

    public init(
        score: Double, verdict: Verdict, checks: [CheckOutcome], seed: String? = nil, replay: String? = nil,
        compilerOutput: String? = nil
    ) {
        self.score = score
        self.verdict = verdict
        self.checks = checks
        self.seed = seed
        self.replay = replay
        self.compilerOutput = compilerOutput
    }
}

/// One named check of a coding submission.
public struct CheckOutcome: Sendable, Codable, Equatable {
    public var name: String
    public var passed: Bool
    public var message: String
    /// A hidden test's message is shown only once the problem's reveal condition holds.
    public var hidden: Bool
    /// The schedule that made this check fail, when one did.
    public var seed: String?
    /// The last steps of that schedule on the student's lines; a hidden test's only once revealed.
    public var trace: [TraceStep]?

    public init(
        name: String, passed: Bool, message: String, hidden: Bool = false, seed: String? = nil,
        trace: [TraceStep]? = nil
    ) {
        self.name = name
        self.passed = passed
        self.message = message
        self.hidden = hidden
        self.seed = seed
        self.trace = trace
    }
}
