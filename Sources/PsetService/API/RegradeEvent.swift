import PsetCourse

/// One line of a regrade streamed as `application/x-ndjson`: progress as it goes, then the report or an error.
public struct RegradeEvent: Sendable, Codable, Equatable {
    public var progress: RegradeProgress?
    public var report: RegradeReport?
    /// Why the regrade stopped before the end; the gradings it recorded until then stand.
    public var error: String?

    public init(progress: RegradeProgress? = nil, report: RegradeReport? = nil, error: String? = nil) {
        self.progress = progress
        self.report = report
        self.error = error
    }

    /// The media type of the stream, which a client names in `Accept` to get progress.
    public static let mediaType = "application/x-ndjson"
}
