import Foundation
import PostgresNIO
import PsetStore

extension PostgresStore {
    /// An arbitrary constant, `'PSEQ'`, naming the advisory lock every claim takes.
    static let queueLock: Int64 = 0x5053_4551

    @discardableResult
    public func requeueInterruptedJobs(at date: Date) throws -> Int {
        try transaction { session in
            try session.execute("SELECT pg_advisory_xact_lock(\(Self.queueLock))")
            let requeued = try session.execute(
                "UPDATE grading_job SET state = 'queued', started_at = NULL WHERE state = 'running'")
            let queued = try session.execute(
                """
                INSERT INTO grading_job (attempt_id, state, queued_at)
                SELECT attempt.id, 'queued', \(date) FROM attempt
                WHERE attempt.response IS NULL
                  AND NOT EXISTS (SELECT 1 FROM grading WHERE grading.attempt_id = attempt.id)
                  AND NOT EXISTS (SELECT 1 FROM grading_job WHERE grading_job.attempt_id = attempt.id)
                ORDER BY attempt.id
                """)
            return requeued + queued
        }
    }

    /// Claims as `AppDatabase` does; the advisory lock makes claims from several nodes take turns, as SQLite's
    /// single writer does, so a job that must be graded alone is, whichever node claims it.
    public func claimNextJob(at date: Date, worker: String?) throws -> GradingJob? {
        try transaction { session in
            try session.execute("SELECT pg_advisory_xact_lock(\(Self.queueLock))")
            guard
                var job = try session.query(
                    "SELECT * FROM grading_job WHERE state = 'queued' ORDER BY id LIMIT 1"
                ).first?.gradingJob()
            else { return nil }
            if job.abandonedClaims < GradingJob.maxAbandonedClaims {
                let running =
                    try session.value(
                        """
                        SELECT count(*) FILTER (WHERE claims > 1) || ',' || count(*)
                        FROM grading_job WHERE state = 'running'
                        """, as: String.self) ?? "0,0"
                let counts = running.split(separator: ",").map { Int($0) ?? 0 }
                if counts[0] > 0 { return nil }
                if job.abandonedClaims > 0, counts[1] > 0 { return nil }
            }
            job.state = .running
            job.startedAt = date
            job.claims += 1
            job.worker = worker
            try session.execute(
                """
                UPDATE grading_job SET state = 'running', started_at = \(date), claims = \(job.claims),
                    worker = \(worker)
                WHERE id = \(job.id!)
                """)
            return job
        }
    }

    public func finishJob(_ jobID: Int64, grading: Grading, at date: Date) throws -> Grading {
        try transaction { session in
            let grading = try Self.insert(grading, in: session)
            let changed = try session.execute(
                """
                UPDATE grading_job SET state = 'done', finished_at = \(date), grading_id = \(grading.id!)
                WHERE id = \(jobID) AND state = 'running'
                """)
            guard changed == 1 else { throw QueueError.jobNotRunning(jobID) }
            return grading
        }
    }

    public func requeueJob(_ jobID: Int64) throws {
        try transaction { session in
            try session.execute(
                """
                UPDATE grading_job SET state = 'queued', started_at = NULL, claims = greatest(0, claims - 1)
                WHERE id = \(jobID) AND state = 'running'
                """)
        }
    }

    public func abandonJob(_ jobID: Int64) throws {
        try transaction { session in
            try session.execute(
                "UPDATE grading_job SET state = 'queued', started_at = NULL WHERE id = \(jobID) AND state = 'running'")
        }
    }

    public func job(forAttempt attemptID: Int64) throws -> GradingJob? {
        try read { session in
            try session.query("SELECT * FROM grading_job WHERE attempt_id = \(attemptID)").first?.gradingJob()
        }
    }

    public func jobsAhead(of jobID: Int64) throws -> Int {
        try read { session in
            try session.value(
                "SELECT count(*) FROM grading_job WHERE state = 'queued' AND id < \(jobID)", as: Int.self) ?? 0
        }
    }

    public func queueCounts() throws -> QueueCounts {
        try read { session in
            let row = try session.query(
                """
                SELECT count(*) FILTER (WHERE grading_job.state = 'queued') AS queued,
                    count(*) FILTER (WHERE grading_job.state = 'running') AS running,
                    count(*) FILTER (WHERE grading_job.state = 'done') AS done,
                    count(*) FILTER (WHERE grading.verdict = 'error') AS failed
                FROM grading_job LEFT JOIN grading ON grading.id = grading_job.grading_id
                """)[0]
            return QueueCounts(
                queued: try row.value("queued"), running: try row.value("running"), done: try row.value("done"),
                failed: try row.value("failed"))
        }
    }

    public func queuedJobs() throws -> [QueuedJob] {
        try read { session in
            try session.query(
                """
                SELECT grading_job.id, grading_job.state, grading_job.queued_at, grading_job.started_at,
                       grading_job.finished_at, grading_job.worker, grading_job.claims,
                       attempt.person_id, attempt.problem_id, attempt.number
                FROM grading_job
                JOIN attempt ON attempt.id = grading_job.attempt_id
                LEFT JOIN grading ON grading.id = grading_job.grading_id
                WHERE grading_job.state != 'done' OR grading.verdict = 'error'
                ORDER BY grading_job.id
                """
            ).compactMap { row in
                let state: QueuedJob.State
                let since: Date?
                switch GradingJob.State(rawValue: try row.value("state")) {
                case .queued: (state, since) = (.queued, try row.value("queued_at"))
                case .running: (state, since) = (.running, try row.value("started_at"))
                case .done: (state, since) = (.failed, try row.value("finished_at"))
                case nil: return nil
                }
                return QueuedJob(
                    job: try row.value("id"), student: try row.value("person_id"), problem: try row.value("problem_id"),
                    attempt: try row.value("number"), state: state, since: try since ?? row.value("queued_at"),
                    worker: try row.value("worker"), claims: try row.value("claims"))
            }
        }
    }
}
