import Foundation

/// Where `pset serve` listens, how many grading workers it runs, and the limits it enforces.
public struct ServerConfiguration: Sendable {
    public var host: String
    /// 0 picks a free port, which the server reports once listening.
    public var port: Int
    /// Submissions graded at once; the default is one per core, since grading is CPU-bound.
    public var workers: Int
    public var limits: ServiceLimits
    /// The longest one grading may take before it is stopped and recorded as an error.
    public var gradingTimeout: Duration

    /// Ten minutes: far beyond any task's budget, so only a grader stuck on a submission reaches it.
    public static let defaultGradingTimeout = Duration.seconds(600)

    public init(
        host: String = "127.0.0.1", port: Int = 8080, workers: Int = ProcessInfo.processInfo.activeProcessorCount,
        limits: ServiceLimits = ServiceLimits(), gradingTimeout: Duration = defaultGradingTimeout
    ) {
        self.host = host
        self.port = port
        self.workers = workers
        self.limits = limits
        self.gradingTimeout = gradingTimeout
    }
}
