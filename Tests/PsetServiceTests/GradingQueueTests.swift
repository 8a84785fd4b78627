import Foundation
import Logging
import PsetCourse
import PsetModel
import PsetService
import PsetStore
import ServiceLifecycle
import ServiceLifecycleTestKit
import Testing

@Suite("The grading queue", .serialized, .timeLimit(.minutes(1)))
struct GradingQueueTests {
    let files = [SourceFile(name: "counter.c", contents: "pthread_mutex_t m;\n")]

    /// Runs the queue's workers until every job is done, then shuts them down gracefully.
    func drain(_ course: Course, workers: Int = 2) async throws {
        let queue = GradingQueue(course: course, workers: workers, events: QueueEvents(), logger: Logger(label: "test"))
        let group = ServiceGroup(configuration: .init(services: [queue], logger: Logger(label: "test")))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let deadline = ContinuousClock.now + .seconds(20)
            while try course.database.queueCounts().done < course.database.attempts(at: "week/counter").count,
                ContinuousClock.now < deadline
            {
                try await Task.sleep(for: .milliseconds(10))
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    @Test(
        "Jobs a crash left running (once their leases expire) or queued, and ungraded local submissions, are graded after a restart, once each"
    )
    func recoversAfterACrash() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pset-queue-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("course.sqlite").path
        do {
            let setup = try TestCourse(database: try AppDatabase.open(path: path))
            for student in ["alice", "bob", "alice"] {
                _ = try setup.course.recordSubmission("week/counter", files: files, by: student, enqueue: true)
            }
            // A local `pset submit` that stored its submission and stopped before grading it.
            _ = try setup.course.recordSubmission("week/counter", files: files, by: "bob")
            // The "crash": a worker took the first job a minute ago and died before recording anything; its
            // lease has expired since.
            let crashed = try setup.course.database.claimJob(by: "gone", at: Date() - 60, lease: 30)
            #expect(crashed?.attemptID != nil)
            #expect(try setup.course.database.queueCounts() == QueueCounts(queued: 2, running: 1, done: 0))
        }
        let reopened = try Course(bank: testBank, database: try AppDatabase.open(path: path), grader: FakeGrader())
        try await drain(reopened)
        #expect(try reopened.database.queueCounts() == QueueCounts(queued: 0, running: 0, done: 4))
        let attempts = try reopened.database.attempts(at: "week/counter")
        #expect(attempts.map(\.attempt.number) == [1, 1, 2, 2])
        for attempt in attempts {
            #expect(try reopened.database.gradings(of: attempt.attempt.id!).count == 1)
            #expect(attempt.grading?.verdict == "passed")
        }
    }

    @Test("A job's grading and its completion are recorded together, and only once")
    func finishesOnce() throws {
        let setup = try TestCourse()
        let attempt = try setup.course.recordSubmission("week/counter", files: files, by: "alice", enqueue: true)
        let lease = try #require(try setup.course.claimJob(by: "w", lease: 30)?.lease)
        let grading = Grading(attemptID: attempt.id!, gradedAt: TestCourse.beforeDue, score: 10, verdict: "passed")
        let recorded = try setup.course.database.finishJob(lease, grading: grading, at: TestCourse.beforeDue)
        var again = grading
        again.score = 0
        // Sent again under the same lease (a retry after a lost response), the first grading stands.
        #expect(try setup.course.database.finishJob(lease, grading: again, at: TestCourse.beforeDue) == recorded)
        #expect(try setup.course.database.gradings(of: attempt.id!) == [recorded])
        #expect(try setup.course.claimJob(by: "w", lease: 30) == nil)
    }

    @Test("Graceful shutdown lets the grading in flight finish and leaves the rest queued")
    func gracefulShutdown() async throws {
        let setup = try TestCourse()
        await setup.grader.hold()
        for student in ["alice", "bob"] {
            _ = try setup.course.recordSubmission("week/counter", files: files, by: student, enqueue: true)
        }
        let queue = GradingQueue(course: setup.course, workers: 1, events: QueueEvents(), logger: Logger(label: "test"))
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await queue.run() }
                while try setup.course.database.queueCounts().running == 0 {
                    try await Task.sleep(for: .milliseconds(5))
                }
                trigger.triggerGracefulShutdown()
                await setup.grader.release()
                try await tasks.waitForAll()
            }
        }
        let counts = try setup.course.database.queueCounts()
        #expect(counts == QueueCounts(queued: 1, running: 0, done: 1), "\(counts)")
    }

    @Test("A job whose workers vanished three times is recorded as an error, not graded, and the rest are graded")
    func vanishedJobIsRecordedAsAnError() async throws {
        let setup = try TestCourse()
        let poisoned = try setup.course.recordSubmission("week/counter", files: files, by: "alice", enqueue: true)
        let healthy = try setup.course.recordSubmission("week/counter", files: files, by: "bob", enqueue: true)
        // Three workers took the first job in turn and vanished; each lease expired.
        for _ in 0..<GradingJob.maxFailures {
            let claimed = try #require(try setup.course.claimJob(by: "gone", lease: 30))
            #expect(claimed.attempt.id == poisoned.id)
            setup.clock.set(setup.clock.now + 31)
        }
        try await drain(setup.course, workers: 2)
        let recorded = try #require(try setup.course.database.attempt(id: poisoned.id!)?.grading)
        #expect(recorded.verdict == "error")
        #expect(recorded.details?.contains("the grader failed on this submission 3 times") == true)
        #expect(try setup.course.database.attempt(id: healthy.id!)?.grading?.verdict == "passed")
        #expect(await setup.grader.graded == 1)
    }

    @Test("A grader that cannot grade puts the job back; at the third failure its reason is recorded as an error")
    func graderFailuresAreRetriedThenRecorded() async throws {
        let setup = try TestCourse()
        let broken = [SourceFile(name: "counter.c", contents: "/* break the grader */ pthread_mutex_t m;\n")]
        let attempt = try setup.course.recordSubmission("week/counter", files: broken, by: "alice", enqueue: true)
        try await drain(setup.course, workers: 1)
        #expect(await setup.grader.graded == GradingJob.maxFailures)
        let recorded = try #require(try setup.course.database.attempt(id: attempt.id!)?.grading)
        #expect(recorded.verdict == "error")
        #expect(
            recorded.details?.contains("failed 3 times on this submission (last: not run: the sandbox could not start)")
                == true)
        #expect(try setup.course.database.gradings(of: attempt.id!).count == 1)
    }

    @Test("At startup, a job another node's worker holds under a live lease is left alone")
    func liveLeasesAreLeftAlone() async throws {
        let setup = try TestCourse()
        let held = try setup.course.recordSubmission("week/counter", files: files, by: "alice", enqueue: true)
        _ = try #require(try setup.course.claimJob(by: "node2 pid 7 #1", lease: 30))
        let other = try setup.course.recordSubmission("week/counter", files: files, by: "bob", enqueue: true)
        let queue = GradingQueue(course: setup.course, workers: 1, events: QueueEvents(), logger: Logger(label: "test"))
        let group = ServiceGroup(configuration: .init(services: [queue], logger: Logger(label: "test")))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            while try setup.course.database.attempt(id: other.id!)?.grading == nil {
                try await Task.sleep(for: .milliseconds(10))
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        #expect(try setup.course.database.job(forAttempt: held.id!)?.state == .running)
        #expect(try setup.course.database.job(forAttempt: held.id!)?.worker == "node2 pid 7 #1")
        #expect(try setup.course.database.gradings(of: held.id!).isEmpty)
    }

    @Test("A worker renews its lease while it grades, so no other worker takes the job over")
    func heartbeatsKeepTheLease() async throws {
        let setup = try TestCourse()
        await setup.grader.hold()
        let attempt = try setup.course.recordSubmission("week/counter", files: files, by: "alice", enqueue: true)
        let queue = GradingQueue(
            course: setup.course, workers: 1, events: QueueEvents(), logger: Logger(label: "test"),
            lease: .seconds(30), heartbeat: .milliseconds(20))
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await queue.run() }
                while try setup.course.database.queueCounts().running == 0 {
                    try await Task.sleep(for: .milliseconds(5))
                }
                // Two minutes pass on the course's clock while the grading runs; each heartbeat moves the expiry.
                for _ in 0..<4 {
                    setup.clock.set(setup.clock.now + 29)
                    try await Task.sleep(for: .milliseconds(100))
                    #expect(try setup.course.claimJob(by: "other", lease: 30) == nil)
                }
                let job = try #require(try setup.course.database.job(forAttempt: attempt.id!))
                #expect(job.leaseExpiresAt == setup.clock.now + 30)
                trigger.triggerGracefulShutdown()
                await setup.grader.release()
                try await tasks.waitForAll()
            }
        }
        #expect(try setup.course.database.gradings(of: attempt.id!).map(\.verdict) == ["passed"])
    }

    @Test("A worker whose lease was taken over records nothing: the new holder's grading is the only one")
    func aLostLeaseRecordsNothing() async throws {
        let setup = try TestCourse()
        await setup.grader.hold()
        let attempt = try setup.course.recordSubmission("week/counter", files: files, by: "alice", enqueue: true)
        // Heartbeats far apart: the worker is partitioned, as far as the database can tell.
        let queue = GradingQueue(
            course: setup.course, workers: 1, events: QueueEvents(), logger: Logger(label: "test"),
            lease: .seconds(30), heartbeat: .seconds(600))
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await queue.run() }
                while try setup.course.database.queueCounts().running == 0 {
                    try await Task.sleep(for: .milliseconds(5))
                }
                setup.clock.set(setup.clock.now + 31)
                let takeover = try #require(try setup.course.claimJob(by: "other", lease: 30))
                _ = try setup.course.database.finishJob(
                    takeover.lease,
                    grading: Grading(attemptID: attempt.id!, gradedAt: setup.clock.now, score: 7, verdict: "failed"),
                    at: setup.clock.now)
                // The first worker's grading ends now, and is refused.
                await setup.grader.release()
                while await setup.grader.graded == 0 {
                    try await Task.sleep(for: .milliseconds(5))
                }
                try await Task.sleep(for: .milliseconds(100))
                trigger.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
        }
        #expect(try setup.course.database.gradings(of: attempt.id!).map(\.score) == [7])
    }

    @Test("A grading that outlasts the limit is recorded as an error, and the worker goes on to the next job")
    func hungGradingIsRecordedAsAnError() async throws {
        let setup = try TestCourse()
        let hung = try setup.course.recordSubmission("week/counter", files: files, by: "alice", enqueue: true)
        await setup.grader.hold()
        let queue = GradingQueue(
            course: setup.course, workers: 1, events: QueueEvents(), logger: Logger(label: "test"),
            gradingTimeout: .milliseconds(300))
        let group = ServiceGroup(configuration: .init(services: [queue], logger: Logger(label: "test")))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            while try setup.course.database.queueCounts().done == 0 {
                try await Task.sleep(for: .milliseconds(10))
            }
            // The first grading is still held when the second submission arrives: the worker has moved on.
            await setup.grader.release()
            _ = try setup.course.recordSubmission("week/counter", files: files, by: "bob", enqueue: true)
            while try setup.course.database.queueCounts().done < 2 {
                try await Task.sleep(for: .milliseconds(10))
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        let recorded = try #require(try setup.course.database.attempt(id: hung.id!)?.grading)
        #expect(recorded.verdict == "error")
        #expect(recorded.details?.contains("grading took longer than 300 milliseconds and was stopped") == true)
        #expect(try setup.course.database.queueCounts() == QueueCounts(queued: 0, running: 0, done: 2, failed: 1))
    }
}
