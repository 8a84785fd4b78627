import Foundation
import GRDB

/// A student or TA of the course.
public struct Person: Sendable, Equatable, Codable {
    public enum Role: String, Sendable, Codable {
        case student
        case ta
    }

    public var id: String
    public var name: String
    public var email: String
    public var section: String
    public var role: Role
    public var sisUserID: String?
    public var sisLoginID: String?
    public var lmsID: String?
    public var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, name, email, section, role
        case sisUserID = "sis_user_id"
        case sisLoginID = "sis_login_id"
        case lmsID = "lms_id"
        case createdAt = "created_at"
    }

    public init(
        id: String, name: String, email: String = "", section: String = "", role: Role = .student,
        sisUserID: String? = nil, sisLoginID: String? = nil, lmsID: String? = nil, createdAt: Date = Date()
    ) {
        self.id = id
        self.name = name
        self.email = email
        self.section = section
        self.role = role
        self.sisUserID = sisUserID
        self.sisLoginID = sisLoginID
        self.lmsID = lmsID
        self.createdAt = createdAt
    }
}

extension Person: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "person"

    public enum Columns {
        public static let id = Column("id")
        public static let role = Column("role")
        public static let section = Column("section")
    }
}
