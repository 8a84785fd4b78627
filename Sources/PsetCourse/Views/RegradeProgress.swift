import PsetStore

/// How far a regrade has come: attempts graded again of all, and whose attempt is being graded now.
public struct RegradeProgress: Sendable, Codable, Equatable {
    public var done: Int
    public var total: Int
    /// The student whose attempt is being graded, and its number; `nil` once all are done.
    public var student: String?
    public var attempt: Int?

    public init(done: Int, total: Int, student: String? = nil, attempt: Int? = nil) {
        self.done = done
        self.total = total
        self.student = student
        self.attempt = attempt
    }

    init(done: Int, total: Int, current: Attempt?) {
        self.init(done: done, total: total, student: current?.personID, attempt: current?.number)
    }

    /// "3/12 graded again; now alice's attempt 2", for a progress line.
    public var description: String {
        let count = "\(done)/\(total) graded again"
        guard let student, let attempt else { return count }
        return count + "; now \(student)'s attempt \(attempt)"
    }
}
