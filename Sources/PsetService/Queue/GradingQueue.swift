import Foundation
import Logging
import PsetCourse
import PsetStore
import ServiceLifecycle

/// The grading workers: a bounded pool that takes jobs from the queue in the database.
///
/// At startup, jobs a crash left running go back to the queue. On graceful shutdown no new job is taken
/// and the ones in flight finish; if a worker is cancelled outright (a second signal to `pset serve`), its
/// grading stops and its job goes back to the queue with its claim given back, to be graded at the next start.
///
/// No submission can stop the queue: a grading that throws or outlasts `gradingTimeout` is recorded as an
/// error, and a job whose workers twice never finished it (they crashed or hung, taking the server down) is
/// recorded as an error without being graded a third time.
public struct GradingQueue: Service {
    let course: Course
    let workers: Int
    let events: QueueEvents
    let logger: Logger
    let gradingTimeout: Duration

    public init(
        course: Course, workers: Int, events: QueueEvents, logger: Logger,
        gradingTimeout: Duration = ServerConfiguration.defaultGradingTimeout
    ) {
        self.course = course
        self.workers = max(1, workers)
        self.events = events
        self.logger = logger
        self.gradingTimeout = gradingTimeout
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
                if let job = try course.database.claimNextJob(at: course.now, worker: Self.name(of: worker)) {
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
            await events.didStart(
                attempt: job.attemptID,
                InFlightGrading(
                    student: submission.attempt.personID, problem: submission.attempt.problemID,
                    attempt: submission.attempt.number, since: Date()))
            let grading: Grading
            if job.abandonedClaims >= GradingJob.maxAbandonedClaims {
                logger.error(
                    "grading job \(jobID) (attempt \(job.attemptID)) was never finished by \(job.abandonedClaims) workers; recorded as an error"
                )
                grading = course.failedGrading(
                    of: submission.attempt,
                    reason:
                        "the grader failed on this submission twice (it crashed or hung), so it was not graded again; a TA can see it in `pset admin queue`"
                )
            } else {
                grading = await evaluate(submission.attempt, job: job)
            }
            if Task.isCancelled {
                try course.database.requeueJob(jobID)
                logger.notice(
                    "stopped grading \(submission.attempt.personID)'s \(submission.attempt.problemID) attempt \(submission.attempt.number); it goes back to the queue"
                )
            } else {
                _ = try course.database.finishJob(jobID, grading: grading, at: course.now)
            }
        } catch {
            logger.error("grading job \(jobID) failed and goes back to the queue: \(error)")
            try? course.database.abandonJob(jobID)
            try? await Task.sleep(for: .seconds(1))
        }
        await events.didStop(attempt: job.attemptID)
        await events.didChange(attempt: job.attemptID, message: nil)
    }

    /// The course's grading of a submission, or an error grading when grading throws or takes longer than
    /// `gradingTimeout` (the grading is then cancelled and the worker moves on without it).
    private func evaluate(_ attempt: Attempt, job: GradingJob) async -> Grading {
        let course = course
        let events = events
        let outcome = await Deadline.run(limit: gradingTimeout) {
            try await course.evaluate(attempt, seed: job.seed) { message in
                Task { await events.didChange(attempt: job.attemptID, message: message) }
            }
        }
        switch outcome {
        case .success(let grading)?:
            return grading
        case .failure(let error as CourseError)?:
            return course.failedGrading(of: attempt, reason: error.description)
        case .failure(let error)?:
            logger.error("grading job \(job.id!) (attempt \(job.attemptID)) threw: \(error)")
            return course.failedGrading(of: attempt, reason: "the grader failed on this submission; a TA can see why")
        case nil:
            logger.error(
                "grading job \(job.id!) (attempt \(job.attemptID)) took longer than \(Self.spoken(gradingTimeout))")
            return course.failedGrading(
                of: attempt, reason: "grading took longer than \(Self.spoken(gradingTimeout)) and was stopped")
        }
    }

    /// How `pset admin queue` names a worker: this server's host and process, and the worker's number from 1.
    static func name(of worker: Int) -> String {
        "\(process) #\(worker + 1)"
    }

    /// This server process as `gethostname(2)` and its pid name it; read once, and with no name lookup (which a
    /// misconfigured resolver could stall).
    private static let process: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        let host = gethostname(&buffer, buffer.count) == 0 ? String(cString: buffer) : "localhost"
        return "\(host) pid \(getpid())"
    }()

    /// "10 minutes", "1 minute", "3 seconds" or "300 milliseconds", for a message.
    private static func spoken(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        func unit(_ count: Int64, _ name: String) -> String { "\(count) \(name)\(count == 1 ? "" : "s")" }
        if seconds >= 60, seconds % 60 == 0, attoseconds == 0 { return unit(seconds / 60, "minute") }
        if seconds >= 1 { return unit(seconds, "second") }
        return unit(attoseconds / 1_000_000_000_000_000, "millisecond")
    }
}
