import Foundation
import GRDB
import PsetModel
import Testing

@testable import PsetStore

@Suite("Grading job leases and worker tokens")
struct JobLeaseTests {
    let database: AppDatabase
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    init() throws {
        database = try AppDatabase.inMemory()
        try Self.prepare(database)
    }

    static func prepare(_ database: AppDatabase) throws {
        try database.syncBank(
            Bank(sets: [
                ProblemSet("demo") {
                    Title("Demo")
                    TrueFalse("demo/tf") {
                        Title("T")
                        Topics(.signals)
                        Points(2)
                        Prompt("?")
                        Answer(true)
                        Explanation("!")
                    }
                }
            ]))
        try database.addPersonIfAbsent(Person(id: "ada", name: "Ada"))
    }

    /// Stores a coding-style submission (no response) with its job queued.
    @discardableResult
    static func submit(_ database: AppDatabase, at date: Date) throws -> Int64 {
        try database.recordAttempt(
            personID: "ada", problemID: "demo/tf", response: nil,
            files: [SourceFile(name: "a.c", contents: "int main(void) { return 0; }\n")], maxScore: 2, lateSeconds: 0,
            at: date, maxAttempts: nil, enqueue: true
        ).attempt.id!
    }

    func grading(_ attempt: Int64, score: Double = 2, verdict: String = "passed") -> Grading {
        Grading(attemptID: attempt, gradedAt: start, score: score, verdict: verdict)
    }

    @Test("A claim takes the oldest queued job under a fresh lease, and a running job is not claimed twice")
    func claimsUnderALease() throws {
        let first = try Self.submit(database, at: start)
        let second = try Self.submit(database, at: start)
        let a = try #require(try database.claimJob(by: "w1", at: start, lease: 30))
        let b = try #require(try database.claimJob(by: "w2", at: start, lease: 30))
        #expect(a.attemptID == first && b.attemptID == second)
        #expect(a.state == .running && a.worker == "w1" && a.claims == 1 && a.failures == 0)
        #expect(a.leaseExpiresAt == start.addingTimeInterval(30))
        let lease = try #require(a.lease)
        #expect(lease.token.count == 32 && lease.token != b.lease?.token)
        #expect(try database.claimJob(by: "w3", at: start.addingTimeInterval(29), lease: 30) == nil)
    }

    @Test("A result is recorded only under the current lease; a worker whose lease was taken over records nothing")
    func fencing() throws {
        let attempt = try Self.submit(database, at: start)
        let slow = try #require(try database.claimJob(by: "slow", at: start, lease: 30)?.lease)
        // The slow worker misses its heartbeats; after the expiry another worker takes the job over.
        let later = start.addingTimeInterval(31)
        let taken = try #require(try database.claimJob(by: "fast", at: later, lease: 30))
        #expect(taken.failures == 1 && taken.claims == 2 && taken.lease?.token != slow.token)
        #expect(throws: QueueError.leaseLost(slow.job)) {
            try database.renewLease(slow, at: later, for: 30)
        }
        #expect(throws: QueueError.leaseLost(slow.job)) {
            try database.finishJob(slow, grading: grading(attempt, score: 0, verdict: "failed"), at: later)
        }
        #expect(throws: QueueError.leaseLost(slow.job)) { try database.releaseJob(slow) }
        #expect(throws: QueueError.leaseLost(slow.job)) {
            try database.failJob(slow, recording: grading(attempt, verdict: "error"), at: later)
        }
        let lease = try #require(taken.lease)
        let recorded = try database.finishJob(lease, grading: grading(attempt), at: later)
        #expect(recorded.score == 2)
        // The slow worker, even after the job is done, is still refused.
        #expect(throws: QueueError.leaseLost(slow.job)) {
            try database.finishJob(slow, grading: grading(attempt, score: 0, verdict: "failed"), at: later)
        }
        // The worker that finished it, retrying after a lost response, is told what was recorded.
        #expect(try database.finishJob(lease, grading: grading(attempt, score: 1), at: later) == recorded)
        #expect(try database.gradings(of: attempt).count == 1)
        #expect(try database.queueCounts() == QueueCounts(queued: 0, running: 0, done: 1))
    }

    @Test("A grading is recorded for the job's own attempt, whatever attempt it names")
    func gradingGoesToTheJobsAttempt() throws {
        let attempt = try Self.submit(database, at: start)
        let other = try Self.submit(database, at: start)
        let lease = try #require(try database.claimJob(by: "w", at: start, lease: 30)?.lease)
        let recorded = try database.finishJob(lease, grading: grading(other), at: start)
        #expect(recorded.attemptID == attempt)
        #expect(try database.gradings(of: other).isEmpty)
    }

    @Test("Heartbeats keep a lease; an expired lease nobody took over is still its holder's")
    func renewal() throws {
        let attempt = try Self.submit(database, at: start)
        let lease = try #require(try database.claimJob(by: "w", at: start, lease: 30)?.lease)
        let renewed = try database.renewLease(lease, at: start.addingTimeInterval(20), for: 30)
        #expect(renewed == start.addingTimeInterval(50))
        #expect(try database.claimJob(by: "other", at: start.addingTimeInterval(45), lease: 30) == nil)
        // Late, but no one claimed it: the heartbeat and the result are still accepted.
        _ = try database.renewLease(lease, at: start.addingTimeInterval(90), for: 30)
        _ = try database.finishJob(lease, grading: grading(attempt), at: start.addingTimeInterval(95))
        #expect(try database.gradings(of: attempt).count == 1)
    }

    @Test("A released job goes back to the queue with its claim given back and no failure counted")
    func release() throws {
        _ = try Self.submit(database, at: start)
        let lease = try #require(try database.claimJob(by: "w", at: start, lease: 30)?.lease)
        try database.releaseJob(lease)
        #expect(throws: QueueError.leaseLost(lease.job)) { try database.renewLease(lease, at: start, for: 30) }
        let again = try #require(try database.claimJob(by: "w", at: start, lease: 30))
        #expect(again.claims == 1 && again.failures == 0 && again.lease?.token != lease.token)
    }

    @Test("Infrastructure failures requeue the job; the third records the error grading the TA sees")
    func failuresEndInAnErrorGrading() throws {
        let attempt = try Self.submit(database, at: start)
        for expected in 1..<GradingJob.maxFailures {
            let lease = try #require(try database.claimJob(by: "w", at: start, lease: 30)?.lease)
            #expect(
                try database.failJob(lease, recording: grading(attempt, score: 0, verdict: "error"), at: start) == nil)
            #expect(try database.job(forAttempt: attempt)?.failures == expected)
            #expect(try database.job(forAttempt: attempt)?.state == .queued)
        }
        let lease = try #require(try database.claimJob(by: "w", at: start, lease: 30)?.lease)
        let recorded = try #require(
            try database.failJob(lease, recording: grading(attempt, score: 0, verdict: "error"), at: start))
        #expect(recorded.verdict == "error" && recorded.attemptID == attempt)
        #expect(try database.queueCounts() == QueueCounts(queued: 0, running: 0, done: 1, failed: 1))
        #expect(try database.claimJob(by: "w", at: start, lease: 30) == nil)
    }

    @Test("Expired leases count as failures; a job whose workers vanished three times is handed out exhausted")
    func vanishedWorkersExhaustAJob() throws {
        _ = try Self.submit(database, at: start)
        var now = start
        var job = try #require(try database.claimJob(by: "w", at: now, lease: 30))
        for _ in 0..<GradingJob.maxFailures {
            #expect(!job.isExhausted)
            now = now.addingTimeInterval(31)
            job = try #require(try database.claimJob(by: "w", at: now, lease: 30))
        }
        #expect(job.isExhausted && job.failures == GradingJob.maxFailures)
    }

    @Test("The oldest claimable job comes first, whether queued or under an expired lease")
    func expiredBeforeNewer() throws {
        let first = try Self.submit(database, at: start)
        _ = try #require(try database.claimJob(by: "gone", at: start, lease: 30))
        let second = try Self.submit(database, at: start)
        let later = start.addingTimeInterval(31)
        #expect(try database.claimJob(by: "w", at: later, lease: 30)?.attemptID == first)
        #expect(try database.claimJob(by: "w", at: later, lease: 30)?.attemptID == second)
    }

    @Test("Ungraded submissions with no job are queued; running jobs are left to their leases")
    func queueUngraded() throws {
        _ = try Self.submit(database, at: start)
        _ = try #require(try database.claimJob(by: "w", at: start, lease: 30))
        _ = try database.recordAttempt(
            personID: "ada", problemID: "demo/tf", response: nil, maxScore: 2, lateSeconds: 0, at: start,
            maxAttempts: nil)
        #expect(try database.queueUngradedSubmissions(at: start) == 1)
        #expect(try database.queueCounts() == QueueCounts(queued: 1, running: 1, done: 0))
        #expect(try database.queueUngradedSubmissions(at: start) == 0)
    }

    @Test("Two processes' connections to one file never claim the same job", .timeLimit(.minutes(1)))
    func concurrentClaimsOnOneFile() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("queue.sqlite")
        let one = try AppDatabase.open(path: path)
        let two = try AppDatabase.open(path: path)
        try Self.prepare(one)
        for _ in 0..<60 { try Self.submit(one, at: start) }
        let claimed = try await withThrowingTaskGroup(of: [Int64].self) { group in
            for (index, database) in [one, two, one, two].enumerated() {
                group.addTask {
                    var mine: [Int64] = []
                    while let job = try database.claimJob(by: "w\(index)", at: start, lease: 30) {
                        mine.append(job.id!)
                    }
                    return mine
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(claimed.count == 60 && Set(claimed).count == 60)
    }

    @Test("A job an earlier version left running, without a lease, is queued again by the upgrade")
    func upgradeRequeuesLeaselessJobs() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("old.sqlite")
        do {
            let pool = try DatabasePool(path: path)
            try AppDatabase.migrator.migrate(pool, upTo: "007_canvas_pushes")
            try pool.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO person (id, name, role, created_at) VALUES ('ada', 'Ada', 'student', ?);
                        INSERT INTO problem_set (id, title, weight, points) VALUES ('demo', 'Demo', 1, 2);
                        INSERT INTO problem (id, set_id, title, kind, points) VALUES ('demo/tf', 'demo', 'T', 'code', 2);
                        INSERT INTO attempt (id, person_id, problem_id, number, submitted_at, max_score, late_seconds)
                        VALUES (1, 'ada', 'demo/tf', 1, ?, 2, 0);
                        INSERT INTO grading_job (attempt_id, state, queued_at, started_at, claims)
                        VALUES (1, 'running', ?, ?, 1);
                        """, arguments: [start, start, start, start])
            }
            try pool.close()
        }
        let database = try AppDatabase.open(path: path)
        #expect(try database.queueCounts() == QueueCounts(queued: 1, running: 0, done: 0))
        #expect(try database.claimJob(by: "w", at: start, lease: 30)?.attemptID == 1)
    }

    @Test("Worker tokens: only hashes are stored; a name has one token until revoked")
    func workerTokens() throws {
        let hash = String(repeating: "a", count: 64)
        #expect(try database.addWorkerToken(named: "grader1", hash: hash, at: start))
        #expect(try !database.addWorkerToken(named: "grader1", hash: String(repeating: "b", count: 64), at: start))
        #expect(try database.workerName(withTokenHash: hash) == "grader1")
        #expect(try database.workerName(withTokenHash: String(repeating: "b", count: 64)) == nil)
        #expect(try database.workerTokens() == [WorkerToken(name: "grader1", createdAt: start)])
        #expect(try database.revokeWorkerToken(named: "grader1"))
        #expect(try !database.revokeWorkerToken(named: "grader1"))
        #expect(try database.workerName(withTokenHash: hash) == nil)
        // The schema refuses anything but a SHA-256 in hex.
        #expect(throws: (any Error).self) {
            try database.addWorkerToken(named: "bad", hash: "not-a-hash", at: start)
        }
    }
}
