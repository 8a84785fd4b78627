/// A limit a run ran into, with a message saying which and what it was.
public struct SandboxLimitHit: Sendable, Hashable, Codable {
    /// Which limit.
    public var kind: Kind
    /// A sentence a student can act on, such as "fork failed: the process limit of 64 was reached".
    public var message: String

    /// Creates a limit hit.
    public init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    /// The limits of ``SandboxLimits`` a run can run into.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case cpu
        case wall
        case memory
        case processes
        case fileSize
        case disk
        case output
    }
}
