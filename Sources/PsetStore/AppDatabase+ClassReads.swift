import Foundation
import GRDB

extension AppDatabase {
    /// The attempts of these people (of everyone when nil), at one problem or all, oldest first, with the score
    /// of the grading in force: one read for a gradebook.
    public func scoredAttempts(of people: [String]?, at problemID: String?) throws -> [ScoredAttempt] {
        try reader.read { db in
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT attempt.person_id, attempt.problem_id, attempt.number, attempt.submitted_at,
                        attempt.late_seconds, grading.score
                    FROM attempt LEFT JOIN grading ON grading.id = (
                        SELECT max(id) FROM grading WHERE grading.attempt_id = attempt.id)
                    WHERE (?1 IS NULL OR attempt.problem_id = ?1) \(Self.personFilter(people))
                    ORDER BY attempt.id
                    """,
                arguments: [problemID] + StatementArguments(people ?? []))
            var attempts: [ScoredAttempt] = []
            while let row = try rows.next() {
                attempts.append(
                    ScoredAttempt(
                        personID: row[0], problemID: row[1], number: row[2], submittedAt: row[3],
                        lateSeconds: row[4], score: row[5]))
            }
            return attempts
        }
    }

    /// The checks of each student's latest submission to coding tasks (one task, or all; of these people, or
    /// everyone), as graded now.
    ///
    /// SQLite reads the checks out of each grading's JSON itself, so a class of submissions costs one query
    /// and no decoding of whole documents.
    public func latestChecks(problem problemID: String?, of people: [String]?) throws -> [LatestCheck] {
        try reader.read { db in
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT attempt.person_id, attempt.problem_id, attempt.number, grading.verdict,
                        json_extract(c.value, '$.name'), json_extract(c.value, '$.passed'),
                        json_extract(c.value, '$.message'), json_extract(c.value, '$.hidden')
                    FROM attempt
                    JOIN grading ON grading.id = (SELECT max(id) FROM grading WHERE grading.attempt_id = attempt.id)
                    LEFT JOIN json_each(grading.details, '$.checks') AS c
                    WHERE attempt.response IS NULL AND (?1 IS NULL OR attempt.problem_id = ?1)
                      AND attempt.number = (
                        SELECT max(latest.number) FROM attempt AS latest
                        WHERE latest.person_id = attempt.person_id AND latest.problem_id = attempt.problem_id)
                      \(Self.personFilter(people))
                    ORDER BY attempt.problem_id, attempt.person_id
                    """,
                arguments: [problemID] + StatementArguments(people ?? []))
            var checks: [LatestCheck] = []
            while let row = try rows.next() {
                checks.append(
                    LatestCheck(
                        personID: row[0], problemID: row[1], attempt: row[2], verdict: row[3], name: row[4],
                        passed: (row[5] as Bool?) ?? false, message: (row[6] as String?) ?? "",
                        hidden: (row[7] as Bool?) ?? false))
            }
            return checks
        }
    }

    /// Where the class's attempts or gradings stand: the newest of each, which every new attempt and grading passes.
    public func classVersion() throws -> ClassVersion {
        try reader.read { db in
            ClassVersion(
                attempt: try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM attempt") ?? 0,
                grading: try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM grading") ?? 0,
                extensions: try String.fetchOne(
                    db,
                    sql: """
                        SELECT count(*) || ':' || coalesce(group_concat(person_id || '/' || set_id || '/' || until, ','), '')
                        FROM (SELECT person_id, set_id, until FROM extension_grant ORDER BY person_id, set_id)
                        """) ?? "")
        }
    }

    /// The people who made an attempt, or had one graded, after `version`.
    public func peopleChanged(since version: ClassVersion) throws -> Set<String> {
        try reader.read { db in
            Set(
                try String.fetchAll(
                    db,
                    sql: """
                        SELECT person_id FROM attempt WHERE id > ?
                        UNION SELECT attempt.person_id FROM grading JOIN attempt ON attempt.id = grading.attempt_id
                        WHERE grading.id > ?
                        """,
                    arguments: [version.attempt, version.grading]))
        }
    }

    /// Each student's latest attempt at a problem.
    public func latestAttempts(at problemID: String) throws -> [Attempt] {
        try reader.read { db in
            try Attempt.fetchAll(
                db,
                sql: """
                    SELECT * FROM attempt WHERE problem_id = ? AND number = (
                        SELECT max(latest.number) FROM attempt AS latest
                        WHERE latest.person_id = attempt.person_id AND latest.problem_id = attempt.problem_id)
                    ORDER BY person_id
                    """,
                arguments: [problemID])
        }
    }

    /// `AND attempt.person_id IN (?, ...)` for a list of people; nothing for everyone.
    private static func personFilter(_ people: [String]?) -> String {
        guard let people else { return "" }
        return "AND attempt.person_id IN (\(databaseQuestionMarks(count: people.count)))"
    }
}

/// How far the class's attempts and gradings go: the newest id of each.
public struct ClassVersion: Sendable, Equatable {
    public var attempt: Int64
    public var grading: Int64
    /// Every extension in force: granting or revoking one moves a student's late marks and scores.
    public var extensions: String

    public init(attempt: Int64, grading: Int64, extensions: String) {
        self.attempt = attempt
        self.grading = grading
        self.extensions = extensions
    }
}
