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
}
