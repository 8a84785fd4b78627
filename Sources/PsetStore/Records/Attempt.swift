import Foundation
import GRDB
import PsetModel

/// One attempt at a problem, kept exactly as it was made.
public struct Attempt: Sendable, Equatable, Codable, Identifiable {
    public var id: Int64?
    public var personID: String
    public var problemID: String
    /// 1 for the student's first attempt at this problem, and so on.
    public var number: Int
    public var submittedAt: Date
    /// The canonical answer to a question; `nil` for a coding submission.
    public var response: String?
    public var maxScore: Double
    /// Seconds after the due date in force for the student; 0 when on time.
    public var lateSeconds: Double
    /// The variant of the problem the student saw; `nil` for the problem as declared.
    public var variant: Variant?

    enum CodingKeys: String, CodingKey {
        case id, number, response, variant
        case personID = "person_id"
        case problemID = "problem_id"
        case submittedAt = "submitted_at"
        case maxScore = "max_score"
        case lateSeconds = "late_seconds"
    }

    public init(
        id: Int64? = nil, personID: String, problemID: String, number: Int, submittedAt: Date, response: String?,
        maxScore: Double, lateSeconds: Double, variant: Variant? = nil
    ) {
        self.id = id
        self.personID = personID
        self.problemID = problemID
        self.number = number
        self.submittedAt = submittedAt
        self.response = response
        self.maxScore = maxScore
        self.lateSeconds = lateSeconds
        self.variant = variant
    }
}

extension Attempt: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "attempt"

    public enum Columns {
        public static let id = Column("id")
        public static let personID = Column("person_id")
        public static let problemID = Column("problem_id")
        public static let number = Column("number")
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

/// The result of grading an attempt; a regrade adds a new one, and the newest is in force.
public struct Grading: Sendable, Equatable, Codable, Identifiable {
    public var id: Int64?
    public var attemptID: Int64
    public var gradedAt: Date
    public var score: Double
    public var verdict: String
    /// JSON with the checks and their messages, for coding submissions.
    public var details: String?
    public var seed: String?

    enum CodingKeys: String, CodingKey {
        case id, score, verdict, details, seed
        case attemptID = "attempt_id"
        case gradedAt = "graded_at"
    }

    public init(
        attemptID: Int64, gradedAt: Date, score: Double, verdict: String, details: String? = nil, seed: String? = nil
    ) {
        self.attemptID = attemptID
        self.gradedAt = gradedAt
        self.score = score
        self.verdict = verdict
        self.details = details
        self.seed = seed
    }
}

extension Grading: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "grading"

    public enum Columns {
        public static let id = Column("id")
        public static let attemptID = Column("attempt_id")
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

/// A file of a coding submission.
public struct SubmissionFile: Sendable, Equatable, Codable {
    public var attemptID: Int64
    public var name: String
    public var contents: String

    enum CodingKeys: String, CodingKey {
        case name, contents
        case attemptID = "attempt_id"
    }

    public init(attemptID: Int64, name: String, contents: String) {
        self.attemptID = attemptID
        self.name = name
        self.contents = contents
    }
}

extension SubmissionFile: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "submission_file"

    public enum Columns {
        public static let attemptID = Column("attempt_id")
    }
}

/// An attempt with the grading in force, if it has been graded.
public struct GradedAttempt: Sendable, Equatable {
    public var attempt: Attempt
    public var grading: Grading?

    public init(attempt: Attempt, grading: Grading?) {
        self.attempt = attempt
        self.grading = grading
    }
}
