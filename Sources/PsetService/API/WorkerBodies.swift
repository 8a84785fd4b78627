import Foundation
import PsetCourse
import PsetStore

/// `POST /v1/worker/claims`: who asks, and the fingerprint of the bank it grades from.
public struct WorkerClaimRequest: Sendable, Codable, Equatable {
    /// `Bank.gradingFingerprint` of the worker's own bank; a worker whose bank differs is refused.
    public var bank: String
    /// The slot asking, as the worker names it ("host pid 42 #1"); shown in `pset admin queue`.
    public var slot: String

    public init(bank: String, slot: String) {
        self.bank = bank
        self.slot = slot
    }
}

/// `POST /v1/worker/claims/cancel`: the slots of a stopping worker whose waiting claims should end now.
public struct WorkerClaimCancellation: Sendable, Codable, Equatable {
    public var slots: [String]

    public init(slots: [String]) {
        self.slots = slots
    }

    /// How many waiting claims were ended.
    public struct Ended: Sendable, Codable, Equatable {
        public var ended: Int
    }
}

/// A claimed job as a worker receives it: the lease, and what grading needs, nothing more.
public struct WorkerClaim: Sendable, Codable, Equatable {
    public var lease: JobLease
    /// How often, in seconds, the worker renews the lease while it grades: the server's heartbeat.
    public var heartbeat: Double
    public var task: GradingTask

    public init(lease: JobLease, heartbeat: Double, task: GradingTask) {
        self.lease = lease
        self.heartbeat = heartbeat
        self.task = task
    }
}

/// The body of a heartbeat, a release: the lease token the worker holds.
public struct WorkerLeaseRequest: Sendable, Codable, Equatable {
    public var lease: String

    public init(lease: String) {
        self.lease = lease
    }
}

/// A worker's grading of a job it holds; the server records it for the job's attempt, at its own time.
public struct WorkerResultRequest: Sendable, Codable, Equatable {
    public var lease: String
    public var score: Double
    /// `passed`, `failed`, `compile_error`, or `error` for a grading that was stopped (a grader that could not
    /// grade reports a failure instead).
    public var verdict: GradingOutcome.Verdict
    /// The checks, replay command and compiler output, as the grading stores them.
    public var details: String?
    public var seed: String?

    public init(lease: String, grading: Grading) {
        self.lease = lease
        self.score = grading.score
        self.verdict = GradingOutcome.Verdict(rawValue: grading.verdict) ?? .error
        self.details = grading.details
        self.seed = grading.seed
    }
}

/// A worker could not grade a job it holds: the grader broke, not the submission.
public struct WorkerFailureRequest: Sendable, Codable, Equatable {
    public var lease: String
    public var reason: String

    public init(lease: String, reason: String) {
        self.lease = lease
        self.reason = reason
    }
}

/// What the server did with a worker's result, failure or release.
public struct WorkerJobOutcome: Sendable, Codable, Equatable {
    public enum State: String, Sendable, Codable {
        /// The grading is recorded (an error grading, after the last allowed failure).
        case recorded
        /// The job is back in the queue.
        case queued
    }

    public var job: Int64
    public var state: State

    public init(job: Int64, state: State) {
        self.job = job
        self.state = state
    }
}
