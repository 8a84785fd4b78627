import Foundation
import PostgresNIO
import PsetStore

/// The grading queue on PostgreSQL, with `AppDatabase`'s lease semantics, for the workers of several API nodes.
///
/// A claim locks the job it takes with `FOR UPDATE SKIP LOCKED`, so claims from several nodes run side by side
/// and never take the same job: a row another transaction is claiming is skipped, not waited for. Every other
/// change to a job first locks its row, then checks the lease token, so a stale worker is fenced out.
extension PostgresStore {
    @discardableResult
    public func queueUngradedSubmissions(at date: Date) throws -> Int {
        try transaction { session in
            try session.execute(
                """
                INSERT INTO grading_job (attempt_id, state, queued_at)
                SELECT attempt.id, 'queued', \(date) FROM attempt
                WHERE attempt.response IS NULL
                  AND NOT EXISTS (SELECT 1 FROM grading WHERE grading.attempt_id = attempt.id)
                  AND NOT EXISTS (SELECT 1 FROM grading_job WHERE grading_job.attempt_id = attempt.id)
                ORDER BY attempt.id
                ON CONFLICT (attempt_id) DO NOTHING
                """)
        }
    }

    /// One statement, so one round trip: it makes the change `GradingJob.claim` describes (the right-hand sides
    /// read the row as it was), and the conformance suite holds both stores to the same claims and failures.
    public func claimJob(by worker: String, at date: Date, lease: TimeInterval, pickedUp: Bool) throws -> GradingJob? {
        try change { session in
            try session.query(
                """
                UPDATE grading_job SET state = 'running', started_at = \(date), claims = claims + 1,
                    worker = \(worker), lease_token = \(JobLease.newToken()),
                    lease_expires_at = \(date.addingTimeInterval(lease)),
                    failures = failures + CASE WHEN state = 'running' AND picked_up THEN 1 ELSE 0 END,
                    picked_up = \(pickedUp)
                WHERE id = (
                    SELECT id FROM grading_job
                    WHERE state = 'queued' OR (state = 'running' AND lease_expires_at <= \(date))
                    ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
                RETURNING *
                """
            ).first?.gradingJob()
        }
    }

    public func renewLease(_ lease: JobLease, at date: Date, for duration: TimeInterval) throws -> Date {
        let expiry = date.addingTimeInterval(duration)
        try transaction { session in
            let changed = try session.execute(
                """
                UPDATE grading_job SET lease_expires_at = \(expiry), picked_up = true
                WHERE id = \(lease.job) AND state = 'running' AND lease_token = \(lease.token)
                """)
            guard changed == 1 else { throw QueueError.leaseLost(lease.job) }
        }
        return expiry
    }

    public func finishJob(_ lease: JobLease, grading: Grading, at date: Date) throws -> Grading {
        try transaction { session in
            guard let job = try Self.lockedJob(lease, in: session) else { throw QueueError.leaseLost(lease.job) }
            if job.state == .done, let gradingID = job.gradingID,
                let recorded = try session.query("SELECT * FROM grading WHERE id = \(gradingID)").first
            {
                return try recorded.grading()
            }
            guard job.state == .running else { throw QueueError.leaseLost(lease.job) }
            var grading = grading
            grading.attemptID = job.attemptID
            grading = try Self.insert(grading, in: session)
            try session.execute(
                """
                UPDATE grading_job SET state = 'done', finished_at = \(date), grading_id = \(grading.id!)
                WHERE id = \(lease.job)
                """)
            return grading
        }
    }

    public func releaseJob(_ lease: JobLease) throws {
        try transaction { session in
            let changed = try session.execute(
                """
                UPDATE grading_job
                SET state = 'queued', started_at = NULL, lease_token = NULL, lease_expires_at = NULL,
                    claims = greatest(0, claims - 1)
                WHERE id = \(lease.job) AND state = 'running' AND lease_token = \(lease.token)
                """)
            guard changed == 1 else { throw QueueError.leaseLost(lease.job) }
        }
    }

    @discardableResult
    public func failJob(_ lease: JobLease, recording errorGrading: Grading, at date: Date) throws -> Grading? {
        try transaction { session in
            guard let job = try Self.lockedJob(lease, in: session), job.state == .running else {
                throw QueueError.leaseLost(lease.job)
            }
            let failures = job.failures + 1
            guard failures < GradingJob.maxFailures else {
                var grading = errorGrading
                grading.attemptID = job.attemptID
                grading = try Self.insert(grading, in: session)
                try session.execute(
                    """
                    UPDATE grading_job SET state = 'done', finished_at = \(date), grading_id = \(grading.id!),
                        failures = \(failures)
                    WHERE id = \(lease.job)
                    """)
                return grading
            }
            try session.execute(
                """
                UPDATE grading_job SET state = 'queued', started_at = NULL, lease_token = NULL,
                    lease_expires_at = NULL, failures = \(failures)
                WHERE id = \(lease.job)
                """)
            return nil
        }
    }

    /// The lease's job, locked until the transaction ends, if the lease's token is still the job's.
    private static func lockedJob(_ lease: JobLease, in session: Session) throws -> GradingJob? {
        let job = try session.query("SELECT * FROM grading_job WHERE id = \(lease.job) FOR UPDATE").first?
            .gradingJob()
        return job?.leaseToken == lease.token ? job : nil
    }

    public func job(_ id: Int64) throws -> GradingJob? {
        try read { session in try session.query("SELECT * FROM grading_job WHERE id = \(id)").first?.gradingJob() }
    }

    public func attempt(ofJob jobID: Int64) throws -> Attempt? {
        try read { session in
            try session.query(
                """
                SELECT attempt.* FROM attempt JOIN grading_job ON grading_job.attempt_id = attempt.id
                WHERE grading_job.id = \(jobID)
                """
            ).first?.attempt()
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
                QueuedJob(
                    job: try row.value("id"), student: try row.value("person_id"), problem: try row.value("problem_id"),
                    attempt: try row.value("number"), jobState: GradingJob.State(rawValue: try row.value("state")),
                    queuedAt: try row.value("queued_at"), startedAt: try row.value("started_at"),
                    finishedAt: try row.value("finished_at"), worker: try row.value("worker"),
                    claims: try row.value("claims"))
            }
        }
    }

    @discardableResult
    public func addWorkerToken(named name: String, hash: String, at date: Date) throws -> Bool {
        try transaction { session in
            try session.execute(
                """
                INSERT INTO worker_token (name, token_hash, created_at) VALUES (\(name), \(hash), \(date))
                ON CONFLICT (name) DO NOTHING
                """) == 1
        }
    }

    public func workerTokens() throws -> [WorkerToken] {
        try read { session in
            try session.query("SELECT name, created_at FROM worker_token ORDER BY name").map {
                WorkerToken(name: try $0.value("name"), createdAt: try $0.value("created_at"))
            }
        }
    }

    @discardableResult
    public func revokeWorkerToken(named name: String) throws -> Bool {
        try transaction { session in try session.execute("DELETE FROM worker_token WHERE name = \(name)") > 0 }
    }

    public func workerName(withTokenHash hash: String) throws -> String? {
        try read { session in
            try session.value("SELECT name FROM worker_token WHERE token_hash = \(hash)", as: String.self)
        }
    }
}
