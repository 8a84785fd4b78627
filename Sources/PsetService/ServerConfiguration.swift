import Foundation

/// Where `pset serve` listens, how many grading workers it runs, and the limits it enforces.
public struct ServerConfiguration: Sendable {
    public var host: String
    /// 0 picks a free port, which the server reports once listening.
    public var port: Int
    /// Submissions graded at once; the default is one per core, since grading is CPU-bound. 0 leaves all grading
    /// to `pset worker` hosts.
    public var workers: Int
    public var limits: ServiceLimits
    /// The longest one grading may take before it is stopped and recorded as an error.
    public var gradingTimeout: Duration
    /// How long a claimed job stays its worker's without a heartbeat; after that another worker may take it over.
    public var lease: Duration
    /// How often a worker renews its lease while grading: well within `lease`, so a missed heartbeat or two is fine.
    public var heartbeat: Duration

    /// Thirty seconds: a worker that vanished delays its job by at most this, and a heartbeat every ten survives
    /// two lost in a row.
    public static let defaultLease = Duration.seconds(30)
    public static let defaultHeartbeat = Duration.seconds(10)

    /// Ten minutes: far beyond any task's budget, so only a grader stuck on a submission reaches it.
    public static let defaultGradingTimeout = Duration.seconds(600)

    public init(
        host: String = "127.0.0.1", port: Int = 8080, workers: Int = ProcessInfo.processInfo.activeProcessorCount,
        limits: ServiceLimits = ServiceLimits(), gradingTimeout: Duration = defaultGradingTimeout,
        lease: Duration = defaultLease, heartbeat: Duration = defaultHeartbeat
    ) {
        self.host = host
        self.port = port
        self.workers = workers
        self.limits = limits
        self.gradingTimeout = gradingTimeout
        self.lease = lease
        self.heartbeat = heartbeat
    }
}
