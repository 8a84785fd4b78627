import Foundation
import GRDB

extension AppDatabase {
    /// Stores a new session, and forgets the sessions that have expired.
    public func openWebSession(_ session: WebSession) throws {
        try writer.write { db in
            try db.execute(sql: "DELETE FROM web_session WHERE expires_at <= ?", arguments: [session.createdAt])
            try session.insert(db)
        }
    }

    /// The live session with this id hash and its person: not expired, and opened with the token the person
    /// still holds.
    public func webSession(idHash: String, at date: Date) throws -> (session: WebSession, person: Person)? {
        try reader.read { db in
            guard
                let session = try WebSession.fetchOne(
                    db,
                    sql: """
                        SELECT web_session.* FROM web_session
                        JOIN access_token ON access_token.person_id = web_session.person_id
                            AND access_token.token_hash = web_session.token_hash
                        WHERE web_session.id_hash = ? AND web_session.expires_at > ?
                        """,
                    arguments: [idHash, date]),
                let person = try Person.fetchOne(db, key: session.personID)
            else { return nil }
            return (session, person)
        }
    }

    /// Ends a session; returns whether there was one.
    @discardableResult
    public func closeWebSession(idHash: String) throws -> Bool {
        try writer.write { db in
            try db.execute(sql: "DELETE FROM web_session WHERE id_hash = ?", arguments: [idHash])
            return db.changesCount > 0
        }
    }
}
