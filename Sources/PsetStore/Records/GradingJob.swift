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
    /// How many times a worker took the job; each time it did not finish, the claim stays counted.
    public var claims: Int
    /// The worker that took the job last, by host, process and number; `nil` until one does.
    public var worker: String? = nil

    /// Claims a worker never finished before it is recorded as an error rather than graded again.
    public static let maxAbandonedClaims = 2

    /// Claims before the current one that a worker never finished: it crashed or hung on the job, or could not
    /// record its grading.
    public var abandonedClaims: Int { state == .running ? max(0, claims - 1) : claims }

    enum CodingKeys: String, CodingKey {
        case id, state, seed, claims, worker
        case attemptID = "attempt_id"
        case queuedAt = "queued_at"
        case startedAt = "started_at"
        case finishedAt = "finished_at"
        case gradingID = "grading_id"
    }

    public init(
        id: Int64? = nil, attemptID: Int64, state: State, seed: String? = nil, queuedAt: Date, startedAt: Date? = nil,
        finishedAt: Date? = nil, gradingID: Int64? = nil, claims: Int, worker: String? = nil
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
    }
}

extension GradingJob: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "grading_job"

    public enum Columns {
        public static let id = Column("id")
        public static let attemptID = Column("attempt_id")
        public static let state = Column("state")
        public static let claims = Column("claims")
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
