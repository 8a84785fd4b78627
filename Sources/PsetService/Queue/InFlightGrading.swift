import Foundation

/// A grading a worker of this server is running now: whose attempt at what, and since when.
public struct InFlightGrading: Sendable, Equatable {
    public var student: String
    public var problem: String
    public var attempt: Int
    public var since: Date

    public init(student: String, problem: String, attempt: Int, since: Date) {
        self.student = student
        self.problem = problem
        self.attempt = attempt
        self.since = since
    }

    /// "s1's threads/counter attempt 2, for 12 s".
    public func described(at now: Date = Date()) -> String {
        "\(student)'s \(problem) attempt \(attempt), for \(Int(now.timeIntervalSince(since).rounded())) s"
    }
}
