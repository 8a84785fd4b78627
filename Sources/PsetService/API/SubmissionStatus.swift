import PsetCourse
import PsetStore

/// Where a coding submission stands: queued (and how many are ahead), being graded, or graded.
public struct SubmissionStatus: Sendable, Codable, Equatable {
    /// The submission's id on the server, for polling.
    public var submission: Int64
    /// The problem's id.
    public var id: String
    public var attempt: Int
    public var state: GradingJob.State
    /// Queued submissions ahead of this one.
    public var ahead: Int
    /// The grader's latest progress message while it runs.
    public var progress: String?
    /// The result, once graded.
    public var result: SubmitResult?

    public init(
        submission: Int64, id: String, attempt: Int, state: GradingJob.State, ahead: Int, progress: String?,
        result: SubmitResult?
    ) {
        self.submission = submission
        self.id = id
        self.attempt = attempt
        self.state = state
        self.ahead = ahead
        self.progress = progress
        self.result = result
    }
}
