/// How much a client may send and how often: the guards that keep one student from starving the rest.
public struct ServiceLimits: Sendable, Equatable {
    /// The largest request body, in bytes.
    public var maxBodyBytes: Int
    /// The most files one submission may carry.
    public var maxFiles: Int
    /// Requests a student may make per second, on average.
    public var requestsPerSecond: Double
    /// Requests a student may make in a burst, above the average.
    public var burst: Double
    /// How long a connection may stay silent: before its first request's headers are complete, between the
    /// parts of a request, and between requests; then it is closed.
    public var idleTimeout: Duration
    /// How long reading one request's body may take in all, however steadily it trickles in.
    public var bodyTimeout: Duration

    public init(
        maxBodyBytes: Int = 512 * 1024, maxFiles: Int = 16, requestsPerSecond: Double = 20, burst: Double = 60,
        idleTimeout: Duration = .seconds(60), bodyTimeout: Duration = .seconds(60)
    ) {
        self.maxBodyBytes = maxBodyBytes
        self.maxFiles = maxFiles
        self.requestsPerSecond = requestsPerSecond
        self.burst = burst
        self.idleTimeout = idleTimeout
        self.bodyTimeout = bodyTimeout
    }
}
