import Foundation
import Logging
import PsetCourse
import PsetStore
import ServiceLifecycle

/// The grading workers: a bounded pool that takes jobs from the queue in the database.
///
/// At startup, jobs a crash left running go back to the queue. On graceful shutdown no new job is taken
/// and the ones in flight finish; if a worker is cancelled outright, its job goes back to the queue.
public struct GradingQueue: Service {
    let course: Course
    let workers: Int
    let events: QueueEvents
    let logger: Logger

    public init(course: Course, workers: Int, events: QueueEvents, logger: Logger) {
        self.course = course
        self.workers = max(1, workers)
        self.events = events
        self.logger = logger
    }

    public func run() async throws {
        let requeued = try course.database.requeueInterruptedJobs(at: course.now)
        if requeued > 0 { logger.notice("queued \(requeued) submission(s) whose grading a stop interrupted") }
        await withDiscardingTaskGroup { group in
            for worker in 0..<workers {
                group.addTask { await work(as: worker) }
            }
        }
    }

    /// One worker: takes the oldest queued job, grades it, records the result; idles when the queue is empty.
    private func work(as worker: Int) async {
        var idle = false
        var lastSeen: UInt64 = 0
        var lastLook = ContinuousClock.now
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let enqueued = await events.enqueued
            // An idle worker looks again when this server queues a submission, and every second for those
            // queued before it started or by another process on the same database file.
            if idle && enqueued == lastSeen && ContinuousClock.now - lastLook < .seconds(1) {
                try? await Task.sleep(for: .milliseconds(20))
                continue
            }
            lastSeen = enqueued
            lastLook = ContinuousClock.now
            do {
                if let job = try course.database.claimNextJob(at: course.now) {
                    idle = false
                    await grade(job)
                } else {
                    idle = true
                }
            } catch {
                logger.error("worker \(worker) could not take a job: \(error)")
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    /// Grades one claimed job and records its grading and completion together.
    private func grade(_ job: GradingJob) async {
        let jobID = job.id!
        await events.didChange(attempt: job.attemptID, message: "grading")
        do {
            guard let submission = try course.database.attempt(id: job.attemptID) else {
                throw QueueError.attemptMissing(job.attemptID)
            }
            let grading: Grading
            do {
                grading = try await course.evaluate(submission.attempt, seed: job.seed) { message in
                    Task { await events.didChange(attempt: job.attemptID, message: message) }
                }
            } catch let error as CourseError {
                grading = course.failedGrading(of: submission.attempt, reason: error.description)
            }
            if Task.isCancelled {
                try course.database.requeueJob(jobID)
            } else {
                _ = try course.database.finishJob(jobID, grading: grading, at: course.now)
            }
        } catch {
            logger.error("grading job \(jobID) failed and goes back to the queue: \(error)")
            try? course.database.requeueJob(jobID)
            try? await Task.sleep(for: .seconds(1))
        }
        await events.didChange(attempt: job.attemptID, message: nil)
    }
}
