import Foundation
import GRDB

/// A grading job as `pset admin queue` lists it: whose submission, of what, where it stands and since when.
public struct QueuedJob: Sendable, Equatable, Codable {
    /// Where a listed job stands; a failed job is done with an error grading: the grader could not grade it.
    public enum State: String, Sendable, Codable {
        case queued
        case running
        case failed
    }

    public var job: Int64
    public var student: String
    public var problem: String
    public var attempt: Int
    public var state: State
    /// When the job entered its state: queued, claimed by its worker, or recorded as failed.
    public var since: Date
    /// The worker that took the job last, if any did.
    public var worker: String?
    /// How many times workers took the job.
    public var claims: Int

    public init(
        job: Int64, student: String, problem: String, attempt: Int, state: State, since: Date, worker: String?,
        claims: Int
    ) {
        self.job = job
        self.student = student
        self.problem = problem
        self.attempt = attempt
        self.state = state
        self.since = since
        self.worker = worker
        self.claims = claims
    }
}

extension QueuedJob {
    /// A job as the queue's list shows it: waiting since it was queued, running since it was claimed, failed since
    /// it was finished with an error grading; `nil` for a state the program does not know.
    public init?(
        job: Int64, student: String, problem: String, attempt: Int, jobState: GradingJob.State?, queuedAt: Date,
        startedAt: Date?, finishedAt: Date?, worker: String?, claims: Int
    ) {
        let state: State
        let since: Date?
        switch jobState {
        case .queued: (state, since) = (.queued, queuedAt)
        case .running: (state, since) = (.running, startedAt)
        case .done: (state, since) = (.failed, finishedAt)
        case nil: return nil
        }
        self.init(
            job: job, student: student, problem: problem, attempt: attempt, state: state, since: since ?? queuedAt,
            worker: worker, claims: claims)
    }
}
