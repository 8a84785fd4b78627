import Foundation
import GRDB

/// Why the queue refused to act on a job.
public enum QueueError: Error, Equatable, CustomStringConvertible {
    /// The lease is no longer this worker's: it expired and another worker claimed the job, the job was given
    /// back, or it is done under another lease. Nothing was recorded.
    case leaseLost(Int64)
    case attemptMissing(Int64)

    public var description: String {
        switch self {
        case .leaseLost(let id):
            "the lease on grading job \(id) is no longer held by this worker; its result was not recorded"
        case .attemptMissing(let id): "attempt \(id) of a grading job is not in the database"
        }
    }
}

/// How many jobs are in each state of the queue.
public struct QueueCounts: Sendable, Equatable, Codable {
    public var queued: Int
    public var running: Int
    public var done: Int
    /// The done jobs whose grading is an error: the grader could not grade the submission.
    public var failed: Int

    public init(queued: Int, running: Int, done: Int, failed: Int = 0) {
        self.queued = queued
        self.running = running
        self.done = done
        self.failed = failed
    }
}

/// The grading queue, shared by every worker of every API node on the database.
///
/// A worker claims a job under a lease (a random token and an expiry), renews it while grading, and records the
/// grading with the same token; every change to a job is one write transaction (`BEGIN IMMEDIATE` on SQLite,
/// so two processes on one file never claim the same job). A lease that expires (its worker crashed, hung or
/// lost the network) lets another worker claim the job under a new token, which fences the first out: whatever
/// it sends later is refused with `QueueError.leaseLost` and records nothing, so an attempt is graded once.
///
/// Why there is no "graded alone" any more: with one server, a job its workers never finished had probably
/// taken the server down, so it was run alone to make a second crash its own. With leases, an expired lease
/// more often means a host or a network was lost, and with several nodes and grading hosts, running a job
/// alone would stall the whole course's grading behind it. Every submission runs in the sandbox; a job that
/// keeps failing is stopped by the failure count instead (`GradingJob.maxFailures`), which bounds what a
/// submission that does bring a worker down can cost.
extension AppDatabase {
    /// Queues every coding submission that was stored but never graded nor queued (a local `pset submit`
    /// interrupted mid-grading), and returns how many it queued.
    ///
    /// Jobs left running by a stopped process are not touched: their leases expire and they are claimed again.
    @discardableResult
    public func queueUngradedSubmissions(at date: Date) throws -> Int {
        try writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO grading_job (attempt_id, state, queued_at)
                    SELECT attempt.id, 'queued', ? FROM attempt
                    WHERE attempt.response IS NULL
                      AND NOT EXISTS (SELECT 1 FROM grading WHERE grading.attempt_id = attempt.id)
                      AND NOT EXISTS (SELECT 1 FROM grading_job WHERE grading_job.attempt_id = attempt.id)
                    ORDER BY attempt.id
                    """,
                arguments: [date])
            return db.changesCount
        }
    }

    /// Claims the oldest claimable job for `worker` under a fresh lease of `lease` seconds, or returns `nil` when
    /// there is none.
    ///
    /// A job is claimable when it is queued, or running under a lease that expired by `date`; taking over an
    /// expired lease counts an infrastructure failure, since its worker vanished. A job that reached
    /// `GradingJob.maxFailures` (`isExhausted`) is still handed out: the claimer records an error grading for it
    /// with `finishJob`, without grading it.
    ///
    /// The hot paths of the queue (claims, finishes, a claim's submission) read through cached statements, which
    /// SQLite compiles once per connection rather than on every call.
    public func claimJob(by worker: String, at date: Date, lease: TimeInterval, pickedUp: Bool) throws -> GradingJob? {
        try writer.write { db in
            let expired = try GradingJob.fetchOne(
                db.cachedStatement(
                    sql:
                        "SELECT * FROM grading_job WHERE state = 'running' AND lease_expires_at <= ? ORDER BY id LIMIT 1"
                ),
                arguments: [date])
            let queued = try GradingJob.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM grading_job WHERE state = 'queued' ORDER BY id LIMIT 1"))
            guard var job = [expired, queued].compactMap({ $0 }).min(by: { $0.id! < $1.id! }) else { return nil }
            job.claim(by: worker, at: date, lease: lease, pickedUp: pickedUp)
            try job.update(db)
            return job
        }
    }

    /// Extends a running job's lease to `duration` seconds from `date`, only for the holder of its current token;
    /// returns the new expiry, or throws `QueueError.leaseLost`.
    ///
    /// An expired lease nobody has claimed yet is still the holder's to renew.
    public func renewLease(_ lease: JobLease, at date: Date, for duration: TimeInterval) throws -> Date {
        let expiry = date.addingTimeInterval(duration)
        try writer.write { db in
            try db.execute(
                sql: """
                    UPDATE grading_job SET lease_expires_at = ?, picked_up = 1
                    WHERE id = ? AND state = 'running' AND lease_token = ?
                    """,
                arguments: [expiry, lease.job, lease.token])
            guard db.changesCount == 1 else { throw QueueError.leaseLost(lease.job) }
        }
        return expiry
    }

    /// Records a running job's grading and marks the job done, in one transaction, only for the holder of its
    /// current lease (expired or not, as long as no other worker has claimed it since); otherwise throws
    /// `QueueError.leaseLost` and records nothing.
    ///
    /// The grading is recorded for the job's attempt, whatever attempt it names. Sent again under the lease that
    /// finished the job (a worker retrying after a lost response), it returns the grading already recorded.
    public func finishJob(_ lease: JobLease, grading: Grading, at date: Date) throws -> Grading {
        try writer.write { db in
            let current = try GradingJob.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM grading_job WHERE id = ?"), arguments: [lease.job])
            guard let job = current, job.leaseToken == lease.token else {
                throw QueueError.leaseLost(lease.job)
            }
            if job.state == .done, let recorded = try job.gradingID.flatMap({ try Grading.fetchOne(db, key: $0) }) {
                return recorded
            }
            guard job.state == .running else { throw QueueError.leaseLost(lease.job) }
            var grading = grading
            grading.attemptID = job.attemptID
            try grading.insert(db)
            try db.cachedStatement(
                sql: "UPDATE grading_job SET state = 'done', finished_at = ?, grading_id = ? WHERE id = ?"
            ).execute(arguments: [date, grading.id, lease.job])
            return grading
        }
    }

    /// Gives a running job back to the queue when its worker stops before grading it (a graceful shutdown is not
    /// the job's fault, so its claim is given back too); throws `QueueError.leaseLost` if the lease is not held.
    public func releaseJob(_ lease: JobLease) throws {
        try writer.write { db in
            try db.execute(
                sql: """
                    UPDATE grading_job
                    SET state = 'queued', started_at = NULL, lease_token = NULL, lease_expires_at = NULL,
                        claims = max(0, claims - 1)
                    WHERE id = ? AND state = 'running' AND lease_token = ?
                    """,
                arguments: [lease.job, lease.token])
            guard db.changesCount == 1 else { throw QueueError.leaseLost(lease.job) }
        }
    }

    /// Counts an infrastructure failure of a running job (its worker could not grade it: the grader broke, not
    /// the submission, whose failures are gradings) and puts it back in the queue; at the job's
    /// `GradingJob.maxFailures`-th failure it records `errorGrading` instead, in the same transaction, and
    /// returns it. Only for the holder of the current lease; otherwise throws `QueueError.leaseLost`.
    @discardableResult
    public func failJob(_ lease: JobLease, recording errorGrading: Grading, at date: Date) throws -> Grading? {
        try writer.write { db in
            guard var job = try GradingJob.fetchOne(db, key: lease.job), job.state == .running,
                job.leaseToken == lease.token
            else { throw QueueError.leaseLost(lease.job) }
            job.failures += 1
            guard !job.isExhausted else {
                var grading = errorGrading
                grading.attemptID = job.attemptID
                try grading.insert(db)
                job.state = .done
                job.finishedAt = date
                job.gradingID = grading.id
                try job.update(db)
                return grading
            }
            job.state = .queued
            job.startedAt = nil
            job.leaseToken = nil
            job.leaseExpiresAt = nil
            try job.update(db)
            return nil
        }
    }

    /// One grading job by its id.
    public func job(_ id: Int64) throws -> GradingJob? {
        try reader.read { db in try GradingJob.fetchOne(db, key: id) }
    }

    /// The attempt a grading job grades.
    public func attempt(ofJob jobID: Int64) throws -> Attempt? {
        try reader.read { db in
            try Attempt.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT attempt.* FROM attempt JOIN grading_job ON grading_job.attempt_id = attempt.id
                        WHERE grading_job.id = ?
                        """),
                arguments: [jobID])
        }
    }

    /// The queue's job for a coding attempt, if it went through the queue.
    public func job(forAttempt attemptID: Int64) throws -> GradingJob? {
        try reader.read { db in try GradingJob.filter(GradingJob.Columns.attemptID == attemptID).fetchOne(db) }
    }

    /// How many queued jobs are ahead of this one: 0 when it is next or no longer queued.
    public func jobsAhead(of jobID: Int64) throws -> Int {
        try reader.read { db in
            try Int.fetchOne(
                db, sql: "SELECT count(*) FROM grading_job WHERE state = 'queued' AND id < ?", arguments: [jobID])
                ?? 0
        }
    }

    /// How many jobs are queued, running and done, and how many of those done could not be graded.
    public func queueCounts() throws -> QueueCounts {
        try reader.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT state, count(*) AS n FROM grading_job GROUP BY state")
            var counts = QueueCounts(queued: 0, running: 0, done: 0)
            for row in rows {
                let n: Int = row["n"]
                switch GradingJob.State(rawValue: row["state"]) {
                case .queued: counts.queued = n
                case .running: counts.running = n
                case .done: counts.done = n
                case nil: break
                }
            }
            counts.failed =
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT count(*) FROM grading_job JOIN grading ON grading.id = grading_job.grading_id
                        WHERE grading.verdict = 'error'
                        """) ?? 0
            return counts
        }
    }

    /// One attempt by its id, with the grading in force.
    public func attempt(id: Int64) throws -> GradedAttempt? {
        try reader.read { db in
            guard let attempt = try Attempt.fetchOne(db, key: id) else { return nil }
            let grading = try Grading.filter(Grading.Columns.attemptID == id).order(Grading.Columns.id.desc)
                .fetchOne(db)
            return GradedAttempt(attempt: attempt, grading: grading)
        }
    }
}
