import PsetModel

/// What `pset submit` prints.
public struct SubmitResult: Sendable, Codable, Equatable {
    public var id: String
    public var attempt: Int
    public var score: Double
    public var maxScore: Double
    public var verdict: GradingOutcome.Verdict
    public var late: Bool
    public var checks: [CheckOutcome]
    /// Replays the schedule that made a check fail.
    public var seed: String?
    /// The command that replays that schedule.
    public var replay: String?
    /// The compiler's errors and warnings, when it had any.
    public var compilerOutput: String?
    /// What the late rule took from this attempt, when it was late.
    public var latePenalty: LatePenalty?
    /// The problem's score in force after this attempt, under its scoring rule; nil for a run that records nothing.
    public var problemScore: Double?
    /// Which attempt counts: `first`, `best` or `last`; nil for a run that records nothing.
    public var scoring: ScoringPolicy?
    /// The attempts left after this one, when the problem limits them.
    public var attemptsLeft: Int?
}
