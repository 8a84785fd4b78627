import Foundation
import GRDB

extension AppDatabase {
    public func person(_ id: String) throws -> Person? {
        try reader.read { db in try Person.fetchOne(db, key: id) }
    }

    public func people() throws -> [Person] {
        try reader.read { db in try Person.order(Person.Columns.id).fetchAll(db) }
    }

    /// A person's attempts, oldest first, each with the grading in force; optionally for one problem only.
    public func attempts(of personID: String, problem problemID: String?) throws -> [GradedAttempt] {
        try reader.read { db in
            var request = Attempt.filter(Attempt.Columns.personID == personID)
            if let problemID { request = request.filter(Attempt.Columns.problemID == problemID) }
            return try Self.withGradings(request.order(Attempt.Columns.id).fetchAll(db), db)
        }
    }

    /// Every attempt at a problem, by everyone, oldest first, with the grading in force.
    public func attempts(at problemID: String) throws -> [GradedAttempt] {
        try reader.read { db in
            let attempts = try Attempt.filter(Attempt.Columns.problemID == problemID)
                .order(Attempt.Columns.id).fetchAll(db)
            return try Self.withGradings(attempts, db)
        }
    }

    /// A person's latest attempt at a problem, if they made one.
    public func latestAttempt(of personID: String, problem problemID: String) throws -> Attempt? {
        try reader.read { db in
            try Attempt.fetchOne(
                db.cachedStatement(
                    sql: "SELECT * FROM attempt WHERE person_id = ? AND problem_id = ? ORDER BY number DESC LIMIT 1"),
                arguments: [personID, problemID])
        }
    }

    /// The files of a coding submission, in the order they were submitted.
    public func files(of attemptID: Int64) throws -> [SubmissionFile] {
        try reader.read { db in try Self.files(of: attemptID, db) }
    }

    /// A stored coding submission with its files, read at once.
    public func submission(_ attemptID: Int64) throws -> StoredSubmission? {
        try reader.read { db in
            let attempt = try Attempt.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM attempt WHERE id = ?"), arguments: [attemptID])
            guard let attempt else { return nil }
            return StoredSubmission(attempt: attempt, files: try Self.files(of: attemptID, db))
        }
    }

    private static func files(of attemptID: Int64, _ db: Database) throws -> [SubmissionFile] {
        try SubmissionFile.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM submission_file WHERE attempt_id = ? ORDER BY rowid"),
            arguments: [attemptID])
    }

    /// Every grading an attempt has had, oldest first.
    public func gradings(of attemptID: Int64) throws -> [Grading] {
        try reader.read { db in
            try Grading.filter(Grading.Columns.attemptID == attemptID).order(Grading.Columns.id).fetchAll(db)
        }
    }

    private static func withGradings(_ attempts: [Attempt], _ db: Database) throws -> [GradedAttempt] {
        guard !attempts.isEmpty else { return [] }
        let ids = attempts.compactMap(\.id)
        let latest = try Grading.fetchAll(
            db,
            sql: """
                SELECT * FROM grading WHERE id IN (
                    SELECT max(id) FROM grading WHERE attempt_id IN (\(databaseQuestionMarks(count: ids.count)))
                    GROUP BY attempt_id)
                """,
            arguments: StatementArguments(ids))
        let byAttempt = Dictionary(uniqueKeysWithValues: latest.map { ($0.attemptID, $0) })
        return attempts.map { GradedAttempt(attempt: $0, grading: byAttempt[$0.id!]) }
    }
}

extension AppDatabase {
    /// The due date a TA granted this student for this set, if any.
    public func extensionUntil(personID: String, setID: String) throws -> Date? {
        try reader.read { db in
            try Date.fetchOne(
                db.cachedStatement(sql: "SELECT until FROM extension_grant WHERE person_id = ? AND set_id = ?"),
                arguments: [personID, setID])
        }
    }
}
