import Foundation

/// One attempt in `pset history`: when it was made and how it stands.
public struct HistoryEntry: Sendable, Codable, Equatable {
    public var id: String
    public var attempt: Int
    public var at: Date
    /// The attempt's score after the late policy; nil while a submission waits to be graded.
    public var score: Double?
    public var maxScore: Double
    /// A coding submission's verdict (`passed`, `failed`, `compile_error`, `error`), or `queued` before grading.
    public var verdict: String?
    /// Whether an answer to a question was right.
    public var correct: Bool?
    public var late: Bool
    /// What the late rule took from this attempt, when it was late and graded.
    public var latePenalty: LatePenalty?
}
