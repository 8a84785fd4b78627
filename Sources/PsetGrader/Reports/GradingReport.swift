import Foundation

/// The result of grading one submission: the score, the verdict and one entry per test.
public struct GradingReport: Sendable, Codable, Equatable {
    public var score: Double
    public var maxScore: Double
    public var verdict: GradingVerdict
    public var checks: [GradingCheck]
    /// The schedule that made a test fail, as a token that replays it.
    public var seed: String?
    /// A command that replays the failing schedule.
    public var replay: String?
    /// The compiler's errors and warnings, with the student's file names and lines.
    public var compilerOutput: String
    /// How many schedules were explored in all.
    public var schedulesExplored: Int

    public init(
        score: Double, maxScore: Double, verdict: GradingVerdict, checks: [GradingCheck], seed: String? = nil,
        replay: String? = nil, compilerOutput: String = "", schedulesExplored: Int = 0
    ) {
        self.score = score
        self.maxScore = maxScore
        self.verdict = verdict
        self.checks = checks
        self.seed = seed
        self.replay = replay
        self.compilerOutput = compilerOutput
        self.schedulesExplored = schedulesExplored
    }
}

/// The overall outcome of grading, as in the CLI contract.
public enum GradingVerdict: String, Sendable, Codable, Equatable {
    /// Every test passed.
    case passed
    /// It built, and at least one test failed.
    case failed
    case compileError = "compile_error"
    /// The grader itself could not grade (the sandbox or a tool is broken); not the student's fault.
    case error
}
