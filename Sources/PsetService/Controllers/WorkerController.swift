import Foundation
import Hummingbird
import Logging
import PsetCourse
import PsetStore
import ServiceLifecycle

/// The routes of `pset worker` hosts: claim a job (long-polling), renew its lease, send its grading, report a
/// failure of the grader, or give it back; all under a worker token, and every one fenced by the lease token.
struct WorkerController {
    let course: Course
    let limits: ServiceLimits
    let events: QueueEvents
    let lease: Duration
    let heartbeat: Duration
    /// The claims waiting now, so a stopping worker can end its own.
    let waiting: WaitingClaims
    /// The server's own bank's fingerprint, computed once.
    let fingerprint: String

    /// The longest a claim waits for a job before answering 204; a worker asks again at once.
    static let longestWait = 20.0

    init(course: Course, limits: ServiceLimits, events: QueueEvents, lease: Duration, heartbeat: Duration) {
        self.course = course
        self.limits = limits
        self.events = events
        self.lease = lease
        self.heartbeat = heartbeat
        self.waiting = WaitingClaims()
        self.fingerprint = course.bank.gradingFingerprint
    }

    func addRoutes(to group: RouterGroup<ServiceContext>) {
        group.post("claims", use: claim)
        group.post("jobs/{job}/heartbeat", use: heartbeat)
        group.post("jobs/{job}/result", use: result)
        group.post("jobs/{job}/failure", use: failure)
        group.post("jobs/{job}/release", use: release)
        group.post("claims/cancel", use: cancelClaims)
    }

    /// Claims the oldest claimable job, waiting up to `?wait=S` seconds (at most 20, the default) for one: it
    /// looks again at once when this node queues a submission, and every 100 ms for those other nodes queue or
    /// whose leases expire. 204 when none came.
    @Sendable func claim(_ request: Request, context: ServiceContext) async throws -> Response {
        let host = try worker(context)
        let body = try await request.decodeJSON(WorkerClaimRequest.self, limits: limits)
        guard body.bank == fingerprint else {
            throw HTTPError(
                .preconditionFailed,
                message:
                    "this worker's problem bank (\(body.bank.prefix(12))) is not the server's (\(fingerprint.prefix(12))); "
                    + "run the same pset version as the server")
        }
        let name = "\(host) \(Self.printable(body.slot))"
        let wait = min(
            Self.longestWait, max(0, request.uri.queryParameters.get("wait", as: Double.self) ?? Self.longestWait))
        await waiting.begin(name)
        let claimed: ClaimedJob?
        do {
            claimed = try await waitForJob(as: name, seconds: wait, context: context)
            await waiting.end(name)
        } catch {
            await waiting.end(name)
            throw error
        }
        guard let claimed else { return Response(status: .noContent) }
        await events.didChange(attempt: claimed.task.attempt, message: "grading on \(host)")
        return try context.json(WorkerClaim(lease: claimed.lease, heartbeat: heartbeat.seconds, task: claimed.task))
    }

    /// Claims a job for `name`, looking again when this node queues one and every 100 ms; `nil` when none came
    /// within `seconds`, the server is stopping, or the worker ended its claims.
    ///
    /// The job is handed over not yet picked up, under a lease of one heartbeat: the worker renews it at once on
    /// receipt. A claim that never reaches its worker (a dropped connection, a proxy's timeout, a host killed
    /// while it waited) cannot be seen from here; its lease runs out unrenewed and the job goes back to the queue
    /// without a failure counted against the student's submission. A token revoked while its claim waited gets
    /// no job: the job goes straight back. (A job claimed at the first look needs no second look at the token,
    /// which the request's authentication has just read.)
    private func waitForJob(as name: String, seconds: Double, context: ServiceContext) async throws -> ClaimedJob? {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        var seen = await events.enqueued
        var waited = false
        while true {
            if let claimed = try course.claimJob(by: name, lease: min(lease, heartbeat).seconds, pickedUp: false) {
                let stillIssued =
                    try !waited
                    || context.workerTokenHash.flatMap { try course.database.workerName(withTokenHash: $0) } != nil
                if stillIssued { return claimed }
                try course.database.releaseJob(claimed.lease)
                await events.didEnqueue()
                throw HTTPError.invalidToken("this worker token was revoked")
            }
            waited = true
            let lastLook = ContinuousClock.now
            // A stopping server answers at once rather than holding its shutdown for the rest of the wait.
            while ContinuousClock.now - lastLook < .milliseconds(100) {
                guard ContinuousClock.now < deadline, !Task.isShuttingDownGracefully, !Task.isCancelled,
                    await !waiting.isCancelled(name)
                else { return nil }
                try await Task.sleep(for: .milliseconds(5))
                let enqueued = await events.enqueued
                if enqueued != seen {
                    seen = enqueued
                    break
                }
            }
        }
    }

    /// Ends this worker's waiting claims at once, with 204, for a worker that is stopping: it waits for their
    /// answers rather than dropping its connections, so a job claimed in the meantime is not lost on the way.
    @Sendable func cancelClaims(_ request: Request, context: ServiceContext) async throws -> Response {
        let host = try worker(context)
        let body = try await request.decodeJSON(WorkerClaimCancellation.self, limits: limits)
        let ended = await waiting.cancel(body.slots.prefix(1024).map { "\(host) \(Self.printable($0))" })
        return try context.json(WorkerClaimCancellation.Ended(ended: ended))
    }

    /// Renews the lease the worker holds; 409 when it no longer holds it.
    @Sendable func heartbeat(_ request: Request, context: ServiceContext) async throws -> Response {
        _ = try worker(context)
        let held = try await lease(request, context: context)
        let expiry = try fenced(held) { try course.database.renewLease(held, at: course.now, for: lease.seconds) }
        return try context.json(JobLease(job: held.job, token: held.token, expiresAt: expiry))
    }

    /// Records the worker's grading for the job's attempt, clamped to the problem's points, at the server's time,
    /// with the bank's hidden tests hidden whatever the worker said; 409 when the worker no longer holds the
    /// lease: nothing is recorded.
    ///
    /// An `error` grading is recorded as it is (a grading stopped for taking too long); a grader that could not
    /// grade reports a failure instead, which is retried.
    @Sendable func result(_ request: Request, context: ServiceContext) async throws -> Response {
        _ = try worker(context)
        let jobID = try jobID(context)
        let body = try await request.decodeJSON(WorkerResultRequest.self, limits: limits)
        let held = JobLease(job: jobID, token: body.lease, expiresAt: course.now)
        guard let attempt = try course.database.attempt(ofJob: jobID) else {
            throw HTTPError(.notFound, message: "no grading job \(jobID)")
        }
        guard body.score.isFinite else { throw HTTPError(.badRequest, message: "'score' must be a number") }
        // Pages and the CLI decode what is stored; a worker's malformed details would break them for good.
        guard Grading.detailsAreWellFormed(body.details) else {
            throw HTTPError(.badRequest, message: "'details' must be a grading's checks, as JSON")
        }
        let grading = Grading(
            attemptID: attempt.id!, gradedAt: course.now, score: min(max(0, body.score), attempt.maxScore),
            verdict: body.verdict.rawValue, details: try course.markingHiddenTests(in: body.details, of: attempt),
            seed: body.seed)
        try fenced(held) { _ = try course.database.finishJob(held, grading: grading, at: course.now) }
        await events.didChange(attempt: attempt.id!, message: nil)
        return try context.json(WorkerJobOutcome(job: jobID, state: .recorded))
    }

    /// Counts a failure of the worker's grader and puts the job back, or records the error at the last one.
    @Sendable func failure(_ request: Request, context: ServiceContext) async throws -> Response {
        let host = try worker(context)
        let jobID = try jobID(context)
        let body = try await request.decodeJSON(WorkerFailureRequest.self, limits: limits)
        let held = JobLease(job: jobID, token: body.lease, expiresAt: course.now)
        context.logger.error("worker \(host) could not grade job \(jobID): \(body.reason.prefix(500))")
        let outcome = try fenced(held) { try failed(held, reason: String(body.reason.prefix(500))) }
        await events.didEnqueue()
        return try context.json(outcome)
    }

    /// Gives a job back to the queue, as a stopping worker does with the ones it will not finish.
    @Sendable func release(_ request: Request, context: ServiceContext) async throws -> Response {
        _ = try worker(context)
        let held = try await lease(request, context: context)
        try fenced(held) { try course.database.releaseJob(held) }
        await events.didEnqueue()
        return try context.json(WorkerJobOutcome(job: held.job, state: .queued))
    }

    private func failed(_ held: JobLease, reason: String) throws -> WorkerJobOutcome {
        let recorded = try course.failJob(held, reason: reason)
        return WorkerJobOutcome(job: held.job, state: recorded == nil ? .queued : .recorded)
    }

    /// Runs a store operation under the worker's lease; a lost lease is a 409 the worker acts on by dropping the
    /// job.
    private func fenced<Value>(_ held: JobLease, _ operation: () throws -> Value) throws -> Value {
        do {
            return try operation()
        } catch QueueError.leaseLost(let job) {
            throw HTTPError(
                .conflict,
                message:
                    "this worker no longer holds the lease on grading job \(job); drop the job, nothing was recorded")
        }
    }

    private func worker(_ context: ServiceContext) throws -> String {
        guard let worker = context.worker else {
            throw HTTPError(.unauthorized, message: "send a worker token: Authorization: Bearer TOKEN")
        }
        return worker
    }

    private func jobID(_ context: ServiceContext) throws -> Int64 {
        guard let id = Int64(try context.pathValue("job")), id > 0 else {
            throw HTTPError(.badRequest, message: "'\(try context.pathValue("job").prefix(40))' is not a job id")
        }
        return id
    }

    private func lease(_ request: Request, context: ServiceContext) async throws -> JobLease {
        let jobID = try jobID(context)
        let body = try await request.decodeJSON(WorkerLeaseRequest.self, limits: limits)
        return JobLease(job: jobID, token: body.lease, expiresAt: course.now)
    }

    /// A worker's own name for its slot, cut to one short printable line.
    static func printable(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7f }.prefix(60)))
    }
}
