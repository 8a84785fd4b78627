import Foundation
import GRDB

/// What the database remembers of a problem set, so grades can be exported as they were defined.
struct ProblemSetRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "problem_set"

    var id: String
    var title: String
    var dueAt: Date?
    var weight: Double
    var points: Double
    var canvasAssignmentID: String?

    enum CodingKeys: String, CodingKey {
        case id, title, weight, points
        case dueAt = "due_at"
        case canvasAssignmentID = "canvas_assignment_id"
    }
}

/// What the database remembers of a problem.
struct ProblemRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "problem"

    var id: String
    var setID: String
    var title: String
    var kind: String
    var points: Double

    enum CodingKeys: String, CodingKey {
        case id, title, kind, points
        case setID = "set_id"
    }
}
