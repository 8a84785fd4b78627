import Foundation
import GRDB

/// The tokens of grading hosts: a worker token can claim, renew and finish grading jobs, and nothing else.
extension AppDatabase {
    /// Records a new grading host's token hash under `name`; returns `false`, changing nothing, when the name
    /// already has a token (revoke it first, so a token is never replaced by accident).
    @discardableResult
    public func addWorkerToken(named name: String, hash: String, at date: Date) throws -> Bool {
        try writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO worker_token (name, token_hash, created_at) VALUES (?, ?, ?)
                    ON CONFLICT (name) DO NOTHING
                    """,
                arguments: [name, hash, date])
            return db.changesCount == 1
        }
    }

    /// Every grading host's token, by name.
    public func workerTokens() throws -> [WorkerToken] {
        try reader.read { db in
            try WorkerToken.fetchAll(db, sql: "SELECT name, created_at FROM worker_token ORDER BY name")
        }
    }

    /// Removes a grading host's token, so it can claim no more jobs; returns whether it had one.
    @discardableResult
    public func revokeWorkerToken(named name: String) throws -> Bool {
        try writer.write { db in
            try db.execute(sql: "DELETE FROM worker_token WHERE name = ?", arguments: [name])
            return db.changesCount > 0
        }
    }

    /// The name of the grading host whose token has this hash, if any.
    public func workerName(withTokenHash hash: String) throws -> String? {
        try reader.read { db in
            let statement = try db.cachedStatement(sql: "SELECT name FROM worker_token WHERE token_hash = ?")
            return try String.fetchOne(statement, arguments: [hash])
        }
    }
}
