import PsetStore

/// What `pset admin queue` prints: how many jobs are in each state, and each job waiting, being graded or failed.
public struct QueueReport: Sendable, Codable, Equatable {
    public var queued: Int
    public var running: Int
    public var done: Int
    /// The done jobs whose grading is an error: the grader could not grade the submission.
    public var failed: Int
    public var jobs: [QueuedJob]

    public init(counts: QueueCounts, jobs: [QueuedJob]) {
        queued = counts.queued
        running = counts.running
        done = counts.done
        failed = counts.failed
        self.jobs = jobs
    }
}
