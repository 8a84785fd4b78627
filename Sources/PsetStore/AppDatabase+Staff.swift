import Foundation
import GRDB

extension AppDatabase {
    /// The extensions granted, by student and set; optionally one student's or one set's only.
    public func extensions(personID: String?, setID: String?) throws -> [DueDateExtension] {
        // One fixed text, compiled once per connection (every answer reads its student's extensions); the table holds
        // a row per extension a TA granted, so the scan its optional filters may cost stays small.
        try reader.read { db in
            try DueDateExtension.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT * FROM extension_grant
                        WHERE (?1 IS NULL OR person_id = ?1) AND (?2 IS NULL OR set_id = ?2)
                        ORDER BY person_id, set_id
                        """),
                arguments: [personID, setID])
        }
    }

    /// Takes a student's extension for a set away, so the set's own due date applies again; returns whether there
    /// was one.
    @discardableResult
    public func revokeExtension(personID: String, setID: String) throws -> Bool {
        try writer.write { db in
            try DueDateExtension.filter(
                DueDateExtension.Columns.personID == personID && DueDateExtension.Columns.setID == setID
            ).deleteAll(db) > 0
        }
    }

    /// Whether the person has a token, without revealing anything of it.
    public func hasToken(_ personID: String) throws -> Bool {
        try reader.read { db in
            try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM access_token WHERE person_id = ?)", arguments: [personID])
                ?? false
        }
    }

    /// The jobs waiting, being graded, and those the grader could not grade, oldest first.
    public func queuedJobs() throws -> [QueuedJob] {
        try reader.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT grading_job.id, grading_job.state, grading_job.queued_at, grading_job.started_at,
                           grading_job.finished_at, grading_job.worker, grading_job.claims,
                           attempt.person_id, attempt.problem_id, attempt.number
                    FROM grading_job
                    JOIN attempt ON attempt.id = grading_job.attempt_id
                    LEFT JOIN grading ON grading.id = grading_job.grading_id
                    WHERE grading_job.state != 'done' OR grading.verdict = 'error'
                    ORDER BY grading_job.id
                    """)
            return rows.compactMap { row in
                QueuedJob(
                    job: row["id"], student: row["person_id"], problem: row["problem_id"], attempt: row["number"],
                    jobState: GradingJob.State(rawValue: row["state"]), queuedAt: row["queued_at"],
                    startedAt: row["started_at"], finishedAt: row["finished_at"], worker: row["worker"],
                    claims: row["claims"])
            }
        }
    }
}
