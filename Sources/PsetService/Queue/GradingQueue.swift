import Foundation
import Logging
import PsetCourse
import PsetStore
import ServiceLifecycle

/// The grading workers of this server: a bounded pool that claims jobs from the queue in the database under
/// leases, the same way `pset worker` hosts do over HTTP.
///
/// A worker renews its lease every `heartbeat` while it grades, and records the grading only under that lease,
/// so a job another node or host took over after the lease expired is never recorded twice. At startup, jobs a
/// stopped process left running are left to their leases: they expire and are claimed again, by this node or
/// another, while the jobs other nodes' workers hold are left alone. On graceful shutdown no new job is taken
/// and the ones in flight finish; if a worker is cancelled outright (a second signal to `pset serve`), its
/// grading stops and its job goes back to the queue with its claim given back.
///
/// No submission can stop the queue: a grading that outlasts `gradingTimeout` is recorded as an error; a
/// grader that cannot grade puts the job back as an infrastructure failure, and the third failure, like a job
/// whose workers vanished three times, is recorded as an error the TA sees.
public struct GradingQueue: Service {
    let course: Course
    let workers: Int
    let events: QueueEvents
    let logger: Logger
    let gradingTimeout: Duration
    let lease: Duration
    let heartbeat: Duration

    public init(
        course: Course, workers: Int, events: QueueEvents, logger: Logger,
        gradingTimeout: Duration = ServerConfiguration.defaultGradingTimeout,
        lease: Duration = ServerConfiguration.defaultLease, heartbeat: Duration = ServerConfiguration.defaultHeartbeat
    ) {
        self.course = course
        self.workers = max(1, workers)
        self.events = events
        self.logger = logger
        self.gradingTimeout = gradingTimeout
        self.lease = lease
        self.heartbeat = heartbeat
    }

    public func run() async throws {
        let queued = try course.database.queueUngradedSubmissions(at: course.now)
        if queued > 0 { logger.notice("queued \(queued) stored submission(s) that were never graded") }
        await withDiscardingTaskGroup { group in
            for worker in 0..<workers {
                group.addTask { await work(as: worker) }
            }
        }
    }

    /// One worker: claims the oldest claimable job, grades it, records the result; idles when the queue is empty.
    private func work(as worker: Int) async {
        var idle = false
        var lastSeen: UInt64 = 0
        var lastLook = ContinuousClock.now
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let enqueued = await events.enqueued
            // An idle worker looks again when this server queues a submission, and every second for those
            // queued before it started, by another node, or whose lease expired.
            if idle && enqueued == lastSeen && ContinuousClock.now - lastLook < .seconds(1) {
                try? await Task.sleep(for: .milliseconds(20))
                continue
            }
            lastSeen = enqueued
            lastLook = ContinuousClock.now
            do {
                if let claimed = try course.claimJob(by: Self.name(of: worker), lease: lease.seconds) {
                    idle = false
                    await grade(claimed)
                } else {
                    idle = true
                }
            } catch {
                logger.error("worker \(worker) could not take a job: \(error)")
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    /// Grades one claimed job under its lease and records its grading and completion together.
    private func grade(_ claimed: ClaimedJob) async {
        let attempt = claimed.attempt
        let jobID = claimed.lease.job
        await events.didChange(attempt: attempt.id!, message: "grading")
        await events.didStart(
            attempt: attempt.id!,
            InFlightGrading(
                student: attempt.personID, problem: attempt.problemID, attempt: attempt.number, since: Date()))
        let course = course
        let (held, duration) = (claimed.lease, lease.seconds)
        let keeper = LeaseKeeper(heartbeat: heartbeat, logger: logger) {
            do {
                _ = try course.database.renewLease(held, at: course.now, for: duration)
                return true
            } catch QueueError.leaseLost {
                return false
            }
        }
        let result = await keeper.holding { await evaluate(claimed) }
        let lost = "the lease on grading job \(jobID) was lost; whoever holds it now records its grading"
        do {
            switch result {
            case .lost:
                logger.notice("\(lost)")
            case .stopped:
                try course.database.releaseJob(held)
                logger.notice(
                    "stopped grading \(attempt.personID)'s \(attempt.problemID) attempt \(attempt.number); it goes back to the queue"
                )
            case .done(.graded(let grading)):
                _ = try course.database.finishJob(held, grading: grading, at: course.now)
            case .done(.failed(let reason)):
                logger.error("the grader could not grade job \(jobID) (attempt \(attempt.id!)): \(reason)")
                try course.failJob(held, reason: reason)
            }
        } catch QueueError.leaseLost {
            logger.notice("\(lost)")
        } catch {
            logger.error(
                "grading job \(jobID) could not be recorded; its lease will expire and it is retried: \(error)")
            try? await Task.sleep(for: .seconds(1))
        }
        await events.didStop(attempt: attempt.id!)
        await events.didChange(attempt: attempt.id!, message: nil)
    }

    /// The course's grading of a claimed job; a grading that takes longer than `gradingTimeout` is an error
    /// grading (the grading is then cancelled and the worker moves on without it), and a grader that could not
    /// grade is a failure of the grader's, retried.
    private func evaluate(_ claimed: ClaimedJob) async -> GradingResult {
        let course = course
        let events = events
        let attempt = claimed.task.attempt
        let outcome = await Deadline.run(limit: gradingTimeout) {
            try await course.evaluate(claimed.task) { message in
                Task { await events.didChange(attempt: attempt, message: message) }
            }
        }
        switch outcome {
        case .success(let grading)?:
            return GradingResult(grading)
        case .failure(let error as CourseError)?:
            return .graded(course.failedGrading(ofAttempt: attempt, reason: error.description))
        case .failure(let error)?:
            return .failed("\(error)")
        case nil:
            logger.error(
                "grading job \(claimed.lease.job) (attempt \(attempt)) took longer than \(Self.spoken(gradingTimeout))")
            return .graded(
                course.failedGrading(
                    ofAttempt: attempt,
                    reason: "grading took longer than \(Self.spoken(gradingTimeout)) and was stopped"))
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

extension Duration {
    /// The duration in seconds, for the store's dates.
    var seconds: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
