import PsetModel

/// A line of `pset problems`: a problem and how this student stands on it.
public struct ProblemSummary: Sendable, Codable, Equatable {
    public var id: String
    public var set: String
    public var title: String
    public var kind: Problem.Kind
    public var topics: [Topic]
    public var points: Double
    public var attempts: Int
    /// The score in force under the problem's scoring policy; 0 before any attempt.
    public var score: Double
}
