import Foundation
import GRDB

extension AppDatabase {
    /// Gives a person a new token hash, replacing the one they had, so the old token stops working.
    public func setTokenHash(_ hash: String, for personID: String, at date: Date) throws {
        try writer.write { db in try Self.storeTokenHash(hash, for: personID, at: date, in: db) }
    }

    static func storeTokenHash(_ hash: String, for personID: String, at date: Date, in db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO access_token (person_id, token_hash, created_at) VALUES (?, ?, ?)
                ON CONFLICT (person_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at
                """,
            arguments: [personID, hash, date])
    }

    /// Removes a person's token; returns whether they had one.
    @discardableResult
    public func revokeToken(of personID: String) throws -> Bool {
        try writer.write { db in
            try db.execute(sql: "DELETE FROM access_token WHERE person_id = ?", arguments: [personID])
            return db.changesCount > 0
        }
    }

    /// The person whose token has this hash, if any.
    public func person(withTokenHash hash: String) throws -> Person? {
        try reader.read { db in
            // Every request asks this, so the statement is prepared once per connection.
            let statement = try db.cachedStatement(
                sql: "SELECT person.* FROM person JOIN access_token ON access_token.person_id = person.id "
                    + "WHERE access_token.token_hash = ?")
            return try Person.fetchOne(statement, arguments: [hash])
        }
    }
}
