import Foundation
import GRDB

/// Why the queue refused to record a grading.
public enum QueueError: Error, Equatable, CustomStringConvertible {
    case jobNotRunning(Int64)
    case attemptMissing(Int64)

    public var description: String {
        switch self {
        case .jobNotRunning(let id): "grading job \(id) is not running; its result was not recorded"
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

extension AppDatabase {
    /// Puts every job that was running back in the queue, and queues any coding submission that was stored
    /// but never graded nor queued (a local `pset submit` interrupted mid-grading); run at startup, when no
    /// worker can be running a job. Returns how many jobs it queued.
    ///
    /// A job left running by a crash has no grading recorded (the grading and `done` are written together),
    /// so grading it again cannot record it twice; its claim stays counted, since its worker never finished it.
    @discardableResult
    public func requeueInterruptedJobs(at date: Date) throws -> Int {
        try writer.write { db in
            try db.execute(sql: "UPDATE grading_job SET state = 'queued', started_at = NULL WHERE state = 'running'")
            let requeued = db.changesCount
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
            return requeued + db.changesCount
        }
    }

    /// Takes the oldest queued job, counts the claim and marks it running, or returns `nil` when there is none
    /// to take now.
    ///
    /// A job a worker abandoned before (its claim still counted) may have brought the server down with it,
    /// so it is graded alone: it waits until no other job is running, and no other job starts while it runs.
    /// Another crash is then its own. A job abandoned `GradingJob.maxAbandonedClaims` times is handed out at
    /// once, for the worker to record as an error without grading it. `worker` names the one taking it.
    public func claimNextJob(at date: Date, worker: String?) throws -> GradingJob? {
        try writer.write { db in
            guard
                var job = try GradingJob.filter(GradingJob.Columns.state == GradingJob.State.queued.rawValue)
                    .order(GradingJob.Columns.id).fetchOne(db)
            else { return nil }
            if job.abandonedClaims < GradingJob.maxAbandonedClaims {
                let running = GradingJob.filter(GradingJob.Columns.state == GradingJob.State.running.rawValue)
                if try running.filter(GradingJob.Columns.claims > 1).fetchCount(db) > 0 { return nil }
                if job.abandonedClaims > 0, try running.fetchCount(db) > 0 { return nil }
            }
            job.state = .running
            job.startedAt = date
            job.claims += 1
            job.worker = worker
            try job.update(db)
            return job
        }
    }

    /// Records a running job's grading and marks the job done, in one transaction.
    public func finishJob(_ jobID: Int64, grading: Grading, at date: Date) throws -> Grading {
        try writer.write { db in
            var grading = grading
            try grading.insert(db)
            try db.execute(
                sql: """
                    UPDATE grading_job SET state = 'done', finished_at = ?, grading_id = ?
                    WHERE id = ? AND state = 'running'
                    """,
                arguments: [date, grading.id, jobID])
            guard db.changesCount == 1 else { throw QueueError.jobNotRunning(jobID) }
            return grading
        }
    }

    /// Puts a running job back in the queue and gives its claim back, when its worker was stopped before grading
    /// it (a graceful shutdown is not the job's fault).
    public func requeueJob(_ jobID: Int64) throws {
        try writer.write { db in
            try db.execute(
                sql: """
                    UPDATE grading_job SET state = 'queued', started_at = NULL, claims = max(0, claims - 1)
                    WHERE id = ? AND state = 'running'
                    """,
                arguments: [jobID])
        }
    }

    /// Puts a running job back in the queue with its claim still counted, when its worker failed on it.
    public func abandonJob(_ jobID: Int64) throws {
        try writer.write { db in
            try db.execute(
                sql: "UPDATE grading_job SET state = 'queued', started_at = NULL WHERE id = ? AND state = 'running'",
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
