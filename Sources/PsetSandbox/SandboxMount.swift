/// A host directory or file made visible inside the sandbox.
public struct SandboxMount: Sendable, Hashable, Codable {
    /// The absolute path on the host.
    public var hostPath: String
    /// The absolute path inside the sandbox.
    public var sandboxPath: String
    /// Whether the program may write through it; read-only unless asked.
    public var isWritable: Bool

    /// Mounts `hostPath` at `sandboxPath` (the same path by default), read-only unless `isWritable`.
    public init(hostPath: String, sandboxPath: String? = nil, isWritable: Bool = false) {
        self.hostPath = hostPath
        self.sandboxPath = sandboxPath ?? hostPath
        self.isWritable = isWritable
    }
}
