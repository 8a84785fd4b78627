import Foundation
import GRDB

extension AppDatabase {
    /// Every attempt by everyone, oldest first, with the score of the grading in force: one read for a gradebook.
    public func scoredAttempts() throws -> [ScoredAttempt] {
        try reader.read { db in
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT attempt.person_id, attempt.problem_id, attempt.number, attempt.late_seconds, grading.score
                    FROM attempt LEFT JOIN grading ON grading.id = (
                        SELECT max(id) FROM grading WHERE grading.attempt_id = attempt.id)
                    ORDER BY attempt.id
                    """)
            var attempts: [ScoredAttempt] = []
            while let row = try rows.next() {
                attempts.append(
                    ScoredAttempt(
                        personID: row[0], problemID: row[1], number: row[2], lateSeconds: row[3], score: row[4]))
            }
            return attempts
        }
    }

    /// The checks of each student's latest submission to coding tasks (one task, or all), as graded now.
    ///
    /// SQLite reads the checks out of each grading's JSON itself, so a class of submissions costs one query
    /// and no decoding of whole documents.
    public func latestChecks(problem problemID: String? = nil) throws -> [LatestCheck] {
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
                    ORDER BY attempt.problem_id, attempt.person_id
                    """,
                arguments: [problemID])
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
}
