import Foundation

/// A worker's hold on a running grading job: only the holder of the current token may renew it, give it back or
/// record the job's grading.
public struct JobLease: Sendable, Equatable, Codable {
    public var job: Int64
    /// Random, drawn afresh at every claim, so the holder of an earlier claim can no longer act on the job.
    public var token: String
    /// When the lease ends unless renewed; after that another worker may claim the job and draw a new token.
    public var expiresAt: Date

    public init(job: Int64, token: String, expiresAt: Date) {
        self.job = job
        self.token = token
        self.expiresAt = expiresAt
    }

    /// 128 random bits in hex, from the system's secure generator: a new claim's token.
    public static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<2).map { _ in
            let hex = String(generator.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }
}
