/// What the grading workers tell the rest of the server: progress messages, and a counter that moves
/// whenever the queue does, so waiting requests recompute their status only when something changed.
public actor QueueEvents {
    private var progress: [Int64: String] = [:]
    private var running: [Int64: InFlightGrading] = [:]
    /// Bumped on every event: a job queued, claimed, progressing or finished.
    public private(set) var version: UInt64 = 0
    /// Bumped only when a job is queued, so idle workers know to look.
    public private(set) var enqueued: UInt64 = 0

    public init() {}

    /// A submission was queued.
    public func didEnqueue() {
        enqueued &+= 1
        version &+= 1
    }

    /// A job was claimed, progressed or finished; `message` is the grader's latest word on this attempt.
    public func didChange(attempt attemptID: Int64, message: String?) {
        progress[attemptID] = message
        version &+= 1
    }

    /// A worker of this server started grading an attempt.
    public func didStart(attempt attemptID: Int64, _ grading: InFlightGrading) {
        running[attemptID] = grading
    }

    /// A worker of this server stopped grading an attempt: it finished, or put the job back in the queue.
    public func didStop(attempt attemptID: Int64) {
        running[attemptID] = nil
    }

    /// The gradings this server's workers are running now, the oldest first.
    public func inFlight() -> [InFlightGrading] {
        running.values.sorted { $0.since < $1.since }
    }

    /// The grader's latest progress message for an attempt being graded.
    public func progress(of attemptID: Int64) -> String? {
        progress[attemptID]
    }
}
