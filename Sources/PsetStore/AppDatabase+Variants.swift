import Foundation
import GRDB

extension AppDatabase {
    /// The course's secret for drawing students' variants: the stored one, or `candidate`, stored now, when
    /// there is none yet.
    ///
    /// Two processes opening a new database at once store only one of their candidates, and both get it back.
    public func variantSecret(candidate: Data, at date: Date) throws -> Data {
        try writer.write { db in
            try db.execute(
                sql: "INSERT INTO course_secret (id, secret, created_at) VALUES (1, ?, ?) ON CONFLICT (id) DO NOTHING",
                arguments: [candidate, date])
            return try Data.fetchOne(db, sql: "SELECT secret FROM course_secret WHERE id = 1") ?? candidate
        }
    }
}
