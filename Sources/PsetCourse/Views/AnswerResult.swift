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
}
