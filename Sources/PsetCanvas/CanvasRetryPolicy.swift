/// When and how long to wait before repeating a Canvas request that was throttled or failed on Canvas's side.
public struct CanvasRetryPolicy: Sendable {
    /// How many times a request is sent at most.
    public var attempts: Int
    /// The wait before the first repeat; each later one doubles it.
    public var firstDelay: Duration
    /// The longest wait between two tries, `Retry-After` included.
    public var longestDelay: Duration
    /// How often a bulk update's progress is asked for.
    public var progressInterval: Duration
    /// How long a bulk update may take before the push gives up waiting for it.
    public var progressTimeout: Duration

    public init(
        attempts: Int = 6, firstDelay: Duration = .milliseconds(500), longestDelay: Duration = .seconds(30),
        progressInterval: Duration = .milliseconds(500), progressTimeout: Duration = .seconds(300)
    ) {
        self.attempts = attempts
        self.firstDelay = firstDelay
        self.longestDelay = longestDelay
        self.progressInterval = progressInterval
        self.progressTimeout = progressTimeout
    }

    /// The wait before try `number + 1` (counting from 1), or the server's `Retry-After`, within the longest delay.
    func delay(after number: Int, retryAfterSeconds: Double?) -> Duration {
        if let retryAfterSeconds, retryAfterSeconds >= 0 {
            return min(.milliseconds(Int(retryAfterSeconds * 1000)), longestDelay)
        }
        return min(firstDelay * (1 << min(number - 1, 16)), longestDelay)
    }
}
