/// How the main program of a run ended.
public enum SandboxTermination: Sendable, Hashable, Codable {
    /// It exited with this status.
    case exited(Int32)
    /// A signal with this number killed it.
    case signaled(Int32)

    /// Whether it exited with status 0.
    public var isSuccess: Bool { self == .exited(0) }
}
