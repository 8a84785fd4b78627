import Foundation
import PsetModel
import PsetStore

/// A grading job a worker holds, with what grading it needs.
public struct ClaimedJob: Sendable, Equatable {
    public var job: GradingJob
    public var lease: JobLease
    public var attempt: Attempt
    public var task: GradingTask
}

extension Course {
    /// Claims the oldest claimable job for `worker` under a lease of `lease` seconds, the one claim path of the
    /// service's own workers and of `pset worker`; `nil` when there is nothing to grade. A job handed over the
    /// network is claimed not yet `pickedUp` (see `GradingJob.pickedUp`).
    ///
    /// A job that failed `GradingJob.maxFailures` times (its workers vanished) is recorded as an error grading on
    /// the way, without being graded again, and the next job is claimed.
    public func claimJob(by worker: String, lease: TimeInterval, pickedUp: Bool = true) throws -> ClaimedJob? {
        while let job = try database.claimJob(by: worker, at: now, lease: lease, pickedUp: pickedUp),
            let held = job.lease
        {
            if job.isExhausted {
                _ = try database.finishJob(
                    held, grading: failedGrading(ofAttempt: job.attemptID, reason: Self.exhaustedReason), at: now)
                continue
            }
            guard let submission = try database.submission(job.attemptID) else {
                throw QueueError.attemptMissing(job.attemptID)
            }
            return ClaimedJob(
                job: job, lease: held, attempt: submission.attempt,
                task: try gradingTask(for: submission, seed: job.seed))
        }
        return nil
    }

    /// Records that a held job could not be graded for a reason of the grader's, not the submission's: the job
    /// goes back to the queue, or, at its last allowed failure, is recorded as an error grading giving `reason`,
    /// which it returns.
    @discardableResult
    public func failJob(_ lease: JobLease, reason: String) throws -> Grading? {
        guard let job = try database.job(lease.job) else { throw QueueError.leaseLost(lease.job) }
        let grading = failedGrading(
            ofAttempt: job.attemptID,
            reason: "the grader failed \(GradingJob.maxFailures) times on this submission (last: \(reason)); "
                + "a TA can see it in `pset admin queue`")
        return try database.failJob(lease, recording: grading, at: now)
    }

    static let exhaustedReason =
        "the grader failed on this submission \(GradingJob.maxFailures) times (its workers crashed, hung or lost "
        + "their connection), so it was not graded again; a TA can see it in `pset admin queue`"
}

extension Course {
    /// A grading host's details with every check named after a test the bank declares hidden marked hidden,
    /// whatever the host said: the server's own bank decides what students may see before the problem reveals
    /// it, not a host's report. Details that are not a grading's checks are returned as they are.
    public func markingHiddenTests(in details: String?, of attempt: Attempt) throws -> String? {
        guard let details, var parsed = try? GradingDetails(json: details) else { return details }
        let problem = variant(of: try lookup(attempt.problemID).problem, madeIn: attempt).problem
        let hidden = Set(problem.codingTask?.tests.filter(\.hidden).map(\.name) ?? [])
        guard parsed.checks.contains(where: { hidden.contains($0.name) && !$0.hidden }) else { return details }
        for index in parsed.checks.indices where hidden.contains(parsed.checks[index].name) {
            parsed.checks[index].hidden = true
        }
        return parsed.encoded
    }
}
