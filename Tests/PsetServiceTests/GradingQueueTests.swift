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

    @Test("Jobs a crash left running or queued, and ungraded local submissions, are graded after a restart, once each")
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
            // The "crash": a worker took the first job and died before recording anything.
            #expect(try setup.course.database.claimNextJob(at: Date())?.attemptID != nil)
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
        let job = try #require(try setup.course.database.claimNextJob(at: Date()))
        let grading = Grading(attemptID: attempt.id!, gradedAt: Date(), score: 10, verdict: "passed")
        _ = try setup.course.database.finishJob(job.id!, grading: grading, at: Date())
        #expect(throws: QueueError.jobNotRunning(job.id!)) {
            try setup.course.database.finishJob(job.id!, grading: grading, at: Date())
        }
        #expect(try setup.course.database.gradings(of: attempt.id!).count == 1)
        #expect(try setup.course.database.claimNextJob(at: Date()) == nil)
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

    @Test("A job abandoned once is graded alone; abandoned twice it is handed out to be recorded, not graded")
    func abandonedJobsAreIsolatedThenRecorded() throws {
        let setup = try TestCourse()
        let database = setup.course.database
        for student in ["alice", "bob", "alice"] {
            _ = try setup.course.recordSubmission("week/counter", files: files, by: student, enqueue: true)
        }
        // Two workers took the first two jobs, and the server died under them.
        let first = try #require(try database.claimNextJob(at: Date()))
        let second = try #require(try database.claimNextJob(at: Date()))
        #expect(first.abandonedClaims == 0 && second.abandonedClaims == 0)
        #expect(try database.requeueInterruptedJobs() == 2)
        // The first, a suspect now, runs alone: nothing else starts beside it, and it waits for a running job.
        let suspect = try #require(try database.claimNextJob(at: Date()))
        #expect(suspect.id == first.id && suspect.abandonedClaims == 1)
        #expect(try database.claimNextJob(at: Date()) == nil)
        // It kills the server again.
        #expect(try database.requeueInterruptedJobs() == 1)
        let poison = try #require(try database.claimNextJob(at: Date()))
        #expect(poison.id == first.id && poison.abandonedClaims == GradingJob.maxAbandonedClaims)
        // The second job was a bystander: abandoned once, it waits until the poison job is out of the way.
        #expect(try database.claimNextJob(at: Date()) == nil)
        let attempt = try #require(try database.attempt(id: poison.attemptID))
        _ = try database.finishJob(
            poison.id!, grading: setup.course.failedGrading(of: attempt.attempt, reason: "crashed twice"), at: Date())
        let bystander = try #require(try database.claimNextJob(at: Date()))
        #expect(bystander.id == second.id && bystander.abandonedClaims == 1)
        #expect(try database.claimNextJob(at: Date()) == nil, "a suspect runs alone")
        // A graceful stop gives the claim back: it is no one's fault.
        try database.requeueJob(bystander.id!)
        #expect(try database.job(forAttempt: bystander.attemptID)?.claims == 1)
        #expect(try database.queueCounts() == QueueCounts(queued: 2, running: 0, done: 1, failed: 1))
    }

    @Test("The queue records a job abandoned twice as an error and grades the rest")
    func poisonJobIsRecordedAsAnError() async throws {
        let setup = try TestCourse()
        let poisoned = try setup.course.recordSubmission("week/counter", files: files, by: "alice", enqueue: true)
        let healthy = try setup.course.recordSubmission("week/counter", files: files, by: "bob", enqueue: true)
        for _ in 0..<2 {
            _ = try #require(try setup.course.database.claimNextJob(at: Date()))
            try setup.course.database.requeueInterruptedJobs()
        }
        try await drain(setup.course, workers: 2)
        let recorded = try #require(try setup.course.database.attempt(id: poisoned.id!)?.grading)
        #expect(recorded.verdict == "error")
        #expect(recorded.details?.contains("the grader failed on this submission twice") == true)
        #expect(try setup.course.database.attempt(id: healthy.id!)?.grading?.verdict == "passed")
        #expect(await setup.grader.graded == 1)
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
