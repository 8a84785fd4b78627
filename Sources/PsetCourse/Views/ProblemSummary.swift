import Foundation
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
    /// The score in force under the problem's scoring policy, after the late rule; 0 before any attempt.
    public var score: Double
    /// The due date in force for this student (their extension, else the set's), when there is one.
    public var due: Date?
    /// What handing in after the due date costs.
    public var lateRule: LateRule
    /// Which attempt counts: `first`, `best` or `last`.
    public var scoring: ScoringPolicy
    /// How many attempts the problem allows, when it limits them.
    public var maxAttempts: Int?
    /// The attempts this student has left, when the problem limits them.
    public var attemptsLeft: Int?
}
