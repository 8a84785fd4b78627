import Foundation
import PsetCourse
import PsetModel
import PsetStore

/// `POST /v1/problems/{id}/answers`: the values `pset answer` was given.
public struct AnswerRequest: Sendable, Codable, Equatable {
    public var values: [String]

    public init(values: [String]) { self.values = values }
}

/// `POST /v1/problems/{id}/submissions`: the files of a coding submission.
public struct SubmissionRequest: Sendable, Codable, Equatable {
    public var files: [SourceFile]
    /// A schedule seed to replay, from an earlier result.
    public var seed: String?

    public init(files: [SourceFile], seed: String? = nil) {
        self.files = files
        self.seed = seed
    }
}

/// Who a token belongs to, as `GET /v1/me` answers.
public struct Identity: Sendable, Codable, Equatable {
    public var id: String
    public var name: String
    public var role: Person.Role

    public init(id: String, name: String, role: Person.Role) {
        self.id = id
        self.name = name
        self.role = role
    }
}

/// `POST /v1/admin/roster`: the people of a roster file, already read by the client.
public struct RosterImportRequest: Sendable, Codable, Equatable {
    public var people: [RosterEntry]

    public init(people: [RosterEntry]) { self.people = people }
}

/// A token given to someone: shown this once, never stored.
public struct IssuedToken: Sendable, Codable, Equatable {
    public var id: String
    public var name: String
    public var role: Person.Role
    public var token: String
}

/// What a roster import did: the new people with their tokens, and the known people it updated.
public struct RosterImportResult: Sendable, Codable, Equatable {
    /// A stored SIS or LMS id the roster cleared with an empty cell.
    public struct Cleared: Sendable, Codable, Equatable {
        public var id: String
        /// `sis_user_id`, `sis_login_id` or `lms_id`.
        public var field: String
    }

    public var created: [IssuedToken]
    public var updated: [String]
    /// The optional columns no entry carried (absent from the file's header), whose stored values the people it
    /// updated kept; empty when it updated nobody.
    public var kept: [String]
    public var cleared: [Cleared]
}

/// A revoked token: whose, and whether they had one.
public struct TokenRevocation: Sendable, Codable, Equatable {
    public var id: String
    public var revoked: Bool
}

/// `POST /v1/admin/extensions`: a later due date for one student and one set.
public struct ExtensionGrant: Sendable, Codable, Equatable {
    public var student: String
    public var set: String
    public var until: Date
    /// Grants a date no later than the set's own due date too, which makes the student's work due earlier.
    public var force: Bool?

    public init(student: String, set: String, until: Date, force: Bool? = nil) {
        self.student = student
        self.set = set
        self.until = until
        self.force = force
    }
}

/// The layouts `pset admin export` writes.
public enum ExportFormat: String, Sendable, Codable, CaseIterable {
    case csv
    case canvas
    case json
}
