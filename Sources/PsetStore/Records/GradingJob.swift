import Foundation
import GRDB

/// A coding submission's place in the grading queue.
public struct GradingJob: Sendable, Equatable, Codable, Identifiable {
    public enum State: String, Sendable, Codable {
        case queued
        case running
        case done
    }

    public var id: Int64?
    public var attemptID: Int64
    public var state: State
    /// The schedule seed the student asked to replay, if any.
    public var seed: String?
    public var queuedAt: Date
    public var startedAt: Date?
    public var finishedAt: Date?
    public var gradingID: Int64?
    /// How many times a worker took the job; a graceful stop gives its claim back.
    public var claims: Int
    /// The worker that took the job last, by host, process and number; `nil` until one does.
    public var worker: String? = nil
    /// The lease a running job is held under, and, on a done job, the lease that finished it.
    public var leaseToken: String? = nil
    /// When the running job's lease ends unless its worker renews it; after that, another worker may claim it.
    public var leaseExpiresAt: Date? = nil
    /// Infrastructure failures: a worker reported it could not grade the job, or its lease expired after the worker
    /// had picked it up.
    public var failures: Int = 0
    /// Whether the worker holding the lease has picked the job up: it was claimed in-process, or its remote worker
    /// renewed the lease at least once. A lease that expires before that was lost on the way (a dropped connection,
    /// a vanished claim), not by a grader, and counts no failure.
    public var pickedUp: Bool = true

    /// Infrastructure failures after which a job is recorded as an error grading instead of being graded again.
    public static let maxFailures = 3

    /// Whether the job failed `maxFailures` times: whoever claims it records an error grading without grading it.
    public var isExhausted: Bool { failures >= Self.maxFailures }

    /// Makes this the job a new claim leaves: running for `worker` under a fresh lease of `lease` seconds from
    /// `date`, the claim counted, and a lease taken over from a worker that had picked the job up and vanished
    /// counted as a failure. With `pickedUp` false (a job handed over the network) the job counts as picked up
    /// only once its worker renews the lease.
    public mutating func claim(by worker: String, at date: Date, lease: TimeInterval, pickedUp: Bool) {
        if state == .running && self.pickedUp { failures += 1 }
        self.pickedUp = pickedUp
        state = .running
        startedAt = date
        claims += 1
        self.worker = worker
        leaseToken = JobLease.newToken()
        leaseExpiresAt = date.addingTimeInterval(lease)
    }

    /// The running job's lease, as its worker holds it.
    public var lease: JobLease? {
        guard state == .running, let id, let leaseToken, let leaseExpiresAt else { return nil }
        return JobLease(job: id, token: leaseToken, expiresAt: leaseExpiresAt)
    }

    enum CodingKeys: String, CodingKey {
        case id, state, seed, claims, worker, failures
        case pickedUp = "picked_up"
        case leaseToken = "lease_token"
        case leaseExpiresAt = "lease_expires_at"
        case attemptID = "attempt_id"
        case queuedAt = "queued_at"
        case startedAt = "started_at"
        case finishedAt = "finished_at"
        case gradingID = "grading_id"
    }

    public init(
        id: Int64? = nil, attemptID: Int64, state: State, seed: String? = nil, queuedAt: Date, startedAt: Date? = nil,
        finishedAt: Date? = nil, gradingID: Int64? = nil, claims: Int, worker: String? = nil,
        leaseToken: String? = nil, leaseExpiresAt: Date? = nil, failures: Int = 0, pickedUp: Bool = true
    ) {
        self.id = id
        self.attemptID = attemptID
        self.state = state
        self.seed = seed
        self.queuedAt = queuedAt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.gradingID = gradingID
        self.claims = claims
        self.worker = worker
        self.leaseToken = leaseToken
        self.leaseExpiresAt = leaseExpiresAt
        self.failures = failures
        self.pickedUp = pickedUp
    }
}

extension GradingJob: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "grading_job"

    public enum Columns {
        public static let id = Column("id")
        public static let attemptID = Column("attempt_id")
        public static let state = Column("state")
        public static let claims = Column("claims")
        public static let leaseExpiresAt = Column("lease_expires_at")
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
