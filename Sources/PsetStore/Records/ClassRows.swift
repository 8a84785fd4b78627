import Foundation

/// One attempt as the class-wide tables read it: whose, at what, and the score of the grading in force.
///
/// Responses, files, variants and grading details stay in the database: a gradebook of every student reads
/// hundreds of thousands of these and needs none of that.
public struct ScoredAttempt: Sendable, Equatable {
    public var personID: String
    public var problemID: String
    public var number: Int
    public var submittedAt: Date
    /// How late the attempt was when it was made; the course measures it again against the due date in force now.
    public var lateSeconds: Double
    /// The score of the grading in force, before the late policy; nil while the attempt waits to be graded.
    public var score: Double?

    public init(
        personID: String, problemID: String, number: Int, submittedAt: Date, lateSeconds: Double, score: Double?
    ) {
        self.personID = personID
        self.problemID = problemID
        self.number = number
        self.submittedAt = submittedAt
        self.lateSeconds = lateSeconds
        self.score = score
    }
}

/// One check of the grading in force on a student's latest submission to a coding task.
public struct LatestCheck: Sendable, Equatable {
    public var personID: String
    public var problemID: String
    /// The submission's attempt number.
    public var attempt: Int
    public var verdict: String
    /// The check's test name, result and message; nil for a grading that recorded no checks.
    public var name: String?
    public var passed: Bool
    public var message: String
    public var hidden: Bool

    public init(
        personID: String, problemID: String, attempt: Int, verdict: String, name: String?, passed: Bool,
        message: String, hidden: Bool
    ) {
        self.personID = personID
        self.problemID = problemID
        self.attempt = attempt
        self.verdict = verdict
        self.name = name
        self.passed = passed
        self.message = message
        self.hidden = hidden
    }
}
