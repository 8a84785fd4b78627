import Foundation
import GRDB

/// A later due date a TA granted one student for one set.
public struct DueDateExtension: Sendable, Equatable, Codable {
    public var personID: String
    public var setID: String
    public var until: Date
    public var grantedAt: Date

    enum CodingKeys: String, CodingKey {
        case until
        case personID = "person_id"
        case setID = "set_id"
        case grantedAt = "granted_at"
    }

    public init(personID: String, setID: String, until: Date, grantedAt: Date) {
        self.personID = personID
        self.setID = setID
        self.until = until
        self.grantedAt = grantedAt
    }
}

extension DueDateExtension: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "extension_grant"

    public enum Columns {
        public static let personID = Column("person_id")
        public static let setID = Column("set_id")
    }
}
