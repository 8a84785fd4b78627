import Foundation
import PsetModel

/// What `pset show` prints: the problem, and its answer only once revealed to this student.
public struct ProblemView: Sendable, Codable, Equatable {
    public var id: String
    public var set: String
    public var title: String
    public var kind: Problem.Kind
    /// For questions, how it is answered: `single-choice`, `multiple-select`, `true-false`, `numeric`, `short-text`.
    public var format: String?
    public var topics: [Topic]
    public var prompt: String
    public var points: Double
    public var choices: [AnswerChoice]?
    /// For coding tasks, the files a submission consists of.
    public var files: [String]?
    public var due: Date?
    public var attempts: Int
    /// How many attempts the problem allows, when it limits them.
    public var maxAttempts: Int?
    /// The score in force under the problem's scoring policy, after the late rule.
    public var score: Double
    public var revealed: Bool
    public var answer: AnswerKey?
    public var explanation: String?
    /// What handing in after the due date costs.
    public var lateRule: LateRule
    /// Which attempt counts: `first`, `best` or `last`.
    public var scoring: ScoringPolicy
    /// The attempts this student has left, when the problem limits them.
    public var attemptsLeft: Int?
    /// For a TA, the names of a coding task's reference solution files (their contents stay on the server).
    public var reference: [String]? = nil
}
