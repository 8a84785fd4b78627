import Foundation

/// One student's grade as a push sent it to Canvas.
public struct CanvasPushRecord: Sendable, Codable, Equatable {
    public var student: String
    public var set: String
    public var course: String
    public var assignment: String
    /// The score sent, in points.
    public var score: Double
    /// What Canvas held before; `nil` for ungraded.
    public var previous: Double?
    /// Canvas's job that applied it.
    public var progressID: Int
    /// When the push completed; the store's clock when it is recorded without one.
    public var pushedAt: Date?

    public init(
        student: String, set: String, course: String, assignment: String, score: Double, previous: Double?,
        progressID: Int, pushedAt: Date? = nil
    ) {
        self.student = student
        self.set = set
        self.course = course
        self.assignment = assignment
        self.score = score
        self.previous = previous
        self.progressID = progressID
        self.pushedAt = pushedAt
    }
}
