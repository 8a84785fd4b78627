import Foundation
import PsetModel

/// One graded test of a submission: its name, whether it passed, and why not.
public struct GradingCheck: Sendable, Codable, Equatable {
    public var name: String
    public var passed: Bool
    /// A sentence that names the bug class: "lost update: ...", "data race on ...", "deadlock: ...".
    public var message: String
    /// Whether the test is hidden: callers show its name and verdict only, until the reveal policy allows more.
    public var hidden: Bool
    public var points: Double
    public var maxPoints: Double
    /// Which check failed: "run", "races", "schedules", "children", "ipc-cleanup", "no-busy-waiting".
    public var failedCheck: String?
    /// The schedule that made it fail, when one did.
    public var seed: String?
    /// Evidence behind the message (a deadlock's threads, the sanitizer's report), for those who want it.
    public var detail: String?
    /// The last steps of the failing schedule on the student's lines, when a schedule made it fail.
    public var trace: [TraceStep]?

    public init(
        name: String, passed: Bool, message: String, hidden: Bool, points: Double, maxPoints: Double,
        failedCheck: String? = nil, seed: String? = nil, detail: String? = nil, trace: [TraceStep]? = nil
    ) {
        self.name = name
        self.passed = passed
        self.message = message
        self.hidden = hidden
        self.points = points
        self.maxPoints = maxPoints
        self.failedCheck = failedCheck
        self.seed = seed
        self.detail = detail
        self.trace = trace
    }
}
