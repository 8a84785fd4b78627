import Foundation
import Logging
import PsetCourse
import PsetModel
import PsetService
import PsetStore
import ServiceLifecycle

/// `pset worker`'s slots: each claims a job from the server, grades it in this host's sandbox with the grader
/// `pset serve` uses, renews the lease while it grades, and sends the grading back.
///
/// On graceful shutdown no slot claims again: the claims waiting on the server are ended there (dropping their
/// connections instead would leave the server to hand a job to nobody), a job one of them got just before is
/// given back, and the gradings in flight finish and are sent. When cancelled outright, they stop and their jobs
/// are given back.
struct GradingHost: Service {
    let client: WorkerClient
    let bank: Bank
    let grader: any SubmissionGrading
    let slots: Int
    let gradingTimeout: Duration
    let outage: Outage
    let logger: Logger

    /// The fingerprint the server compares with its own bank's, computed once.
    let fingerprint: String

    init(
        client: WorkerClient, bank: Bank, grader: any SubmissionGrading, slots: Int,
        gradingTimeout: Duration = ServerConfiguration.defaultGradingTimeout, outage: Outage, logger: Logger
    ) {
        self.client = client
        self.bank = bank
        self.grader = grader
        self.slots = slots
        self.gradingTimeout = gradingTimeout
        self.outage = outage
        self.logger = logger
        self.fingerprint = bank.gradingFingerprint
    }

    func run() async throws {
        let names = (0..<slots).map(Self.name(of:))
        try await withThrowingDiscardingTaskGroup { group in
            for name in names {
                group.addTask { try await work(as: name) }
            }
            group.addTask {
                guard (try? await gracefulShutdown()) != nil else { return }
                try? await client.cancelClaims(of: names)
            }
        }
    }

    /// One slot: claims, grades and reports, until the worker stops; a refusal from the server ends the worker.
    private func work(as slot: String) async throws {
        var pause = Duration.milliseconds(500)
        var away = false
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let claim: WorkerClaim?
            do {
                // Back from an outage, a claim that does not wait says at once that the server is there again.
                claim = try await client.claim(bank: fingerprint, slot: slot, wait: away ? 0 : 20)
                await outage.ended()
                (pause, away) = (.milliseconds(500), false)
            } catch is CancellationError {
                return
            } catch WorkerCallError.unavailable(let reason) {
                guard !Task.isShuttingDownGracefully else { return }
                await outage.began(reason, retryingIn: pause)
                let wait = pause
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: wait) }
                (pause, away) = (min(pause * 2, .seconds(10)), true)
                continue
            }
            guard let claim else { continue }
            guard !Task.isShuttingDownGracefully else {
                _ = try? await client.release(claim.lease)
                return
            }
            await grade(claim, as: slot)
        }
    }

    /// The interval the server asked for, in seconds, kept between 0.1 s and an hour whatever it sent (a huge
    /// number or NaN from a broken server or a proxy must not stop the host).
    static func heartbeat(_ seconds: Double) -> Duration {
        .milliseconds(Int(min(max(0.1, seconds.isNaN ? 10 : seconds), 3600) * 1000))
    }

    /// Grades one claimed job under its lease and sends the outcome, or gives the job back when stopped.
    private func grade(_ claim: WorkerClaim, as slot: String) async {
        let lease = claim.lease
        let described = "job \(lease.job) (\(claim.task.problem))"
        let client = client
        let heartbeat = Self.heartbeat(claim.heartbeat)
        // Picking the job up: the server handed it over under a lease of one heartbeat, which this first renewal
        // makes a full one (and until which a lost claim counts no failure). If the server cannot be asked now,
        // the keeper asks again at the next heartbeat.
        if (try? await client.heartbeat(lease)) == false {
            note("pset worker: \(slot) lost the lease on \(described) before picking it up; dropped it")
            return
        }
        let keeper = LeaseKeeper(heartbeat: heartbeat, logger: logger) { try await client.heartbeat(lease) }
        switch await keeper.holding({ await evaluate(claim.task) }) {
        case .lost:
            note("pset worker: \(slot) lost the lease on \(described) (it took too long to renew); dropped it")
        case .stopped:
            // Sent from a task of its own: this one is cancelled, and the server should still hear it.
            _ = await Task { try? await client.release(lease) }.value
            note("pset worker: \(slot) stopped grading \(described); it goes back to the queue")
        case .done(let result):
            await send(result, for: lease, described: described, slot: slot)
        }
    }

    /// Sends a grading or a failure, trying again while the server is away; a lost lease drops it.
    private func send(_ result: GradingResult, for lease: JobLease, described: String, slot: String) async {
        var pause = Duration.milliseconds(500)
        while !Task.isCancelled {
            do {
                let outcome: WorkerJobOutcome?
                switch result {
                case .graded(let grading): outcome = try await client.result(lease, grading: grading)
                case .failed(let reason): outcome = try await client.failure(lease, reason: reason)
                }
                await outage.ended()
                switch (result, outcome) {
                case (_, nil):
                    note("pset worker: \(slot) lost the lease on \(described) before its result arrived; dropped it")
                case (.graded(let grading), _?):
                    note("pset worker: \(slot) graded \(described): \(grading.verdict), \(grading.score.formatted())")
                case (.failed(let reason), _?):
                    note("pset worker: \(slot) could not grade \(described): \(reason)")
                }
                return
            } catch WorkerCallError.unavailable(let reason) {
                await outage.began(reason, retryingIn: pause)
                try? await Task.sleep(for: pause)
                pause = min(pause * 2, .seconds(10))
            } catch {
                note("pset worker: \(slot) could not send the result of \(described): \(error)")
                return
            }
        }
    }

    /// The grading of a task, on the same path `pset serve`'s own workers take; one that outlasts
    /// `gradingTimeout` is an error grading, and a grader that could not grade is a failure.
    private func evaluate(_ task: GradingTask) async -> GradingResult {
        let (bank, grader, limit) = (bank, grader, gradingTimeout)
        let outcome = await Deadline.run(limit: limit) {
            try await task.grade(in: bank, with: grader, at: Date())
        }
        switch outcome {
        case .success(let grading)?: return GradingResult(grading)
        case .failure(let error)?: return .failed("\(error)")
        case nil:
            let reason = "grading took longer than \(limit.spoken) and was stopped"
            return .graded(Grading.error(of: task.attempt, reason: reason, at: Date()))
        }
    }

    /// "host pid 42 #1": this host, this process and the slot's number from 1.
    static func name(of slot: Int) -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        let host = gethostname(&buffer, buffer.count) == 0 ? String(cString: buffer) : "localhost"
        return "\(host) pid \(getpid()) #\(slot + 1)"
    }
}

/// Says once on stderr that the server cannot be reached, and once that it can again, whichever slots notice.
actor Outage {
    let server: String
    private var since: ContinuousClock.Instant?

    init(server: String) { self.server = server }

    func began(_ reason: String, retryingIn pause: Duration) {
        guard since == nil else { return }
        since = .now
        note("pset worker: \(reason); trying again with backoff (next in \(pause.spoken))")
    }

    func ended() {
        guard let since else { return }
        self.since = nil
        note("pset worker: reached \(server) again after \((ContinuousClock.now - since).components.seconds) s")
    }
}
