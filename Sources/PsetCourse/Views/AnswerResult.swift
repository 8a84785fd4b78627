import PsetModel

/// What `pset answer` prints.
public struct AnswerResult: Sendable, Codable, Equatable {
    public var id: String
    public var attempt: Int
    public var score: Double
    public var maxScore: Double
    public var correct: Bool
    public var late: Bool
    public var revealed: Bool
    public var answer: AnswerKey?
    public var explanation: String?
    /// What the late rule took from this attempt, when it was late.
    public var latePenalty: LatePenalty?
    /// The problem's score in force after this attempt, under its scoring rule; nil for a run that records nothing.
    public var problemScore: Double?
    /// Which attempt counts: `first`, `best` or `last`; nil for a run that records nothing.
    public var scoring: ScoringPolicy?
    /// The attempts left after this one, when the problem limits them.
    public var attemptsLeft: Int?
}
