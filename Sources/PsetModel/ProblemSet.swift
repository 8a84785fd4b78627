import Foundation

/// A weekly problem set: its schedule, grading rules and problems.
public struct ProblemSet: Sendable, Identifiable {
    public var id: String
    public var title: String
    /// When the set is due; `nil` for no due date.
    public var due: Date?
    /// The set's weight in the course total.
    public var weight: Double
    public var latePolicy: LatePolicy
    /// The Canvas assignment this set's column imports into, when there is one.
    public var canvasAssignmentID: String?
    public var policyOverrides: PolicyOverrides
    public var problems: [Problem]
    public var location: SourceLocation
    /// What was wrong in the declaration itself (a missing title, an unparsable date); reported by validation.
    public var declarationIssues: [BankIssue]

    /// The rules in force for one of this set's problems.
    public func policy(for problem: Problem) -> ProblemPolicy {
        problem.policyOverrides.applied(over: policyOverrides.applied(over: .defaults(for: problem.kind)))
    }

    /// The points all the set's problems are worth.
    public var points: Double { problems.reduce(0) { $0 + $1.points } }
}
