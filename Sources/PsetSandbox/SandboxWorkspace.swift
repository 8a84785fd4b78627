/// A host directory, capped in size, that runs use as their writable working directory.
///
/// It is a tmpfs mounted on the host, owned by the sandbox's user: a program that fills it
/// fills only its own quota. Callers write sources into ``path``, run one or more requests with
/// it as their ``SandboxRequest/workDirectory``, read the results, then ``remove()`` it.
public struct SandboxWorkspace: Sendable, Hashable {
    /// The workspace on the host.
    public let path: String
    /// The most bytes it holds.
    public let capacityBytes: Int

    init(path: String, capacityBytes: Int) {
        self.path = path
        self.capacityBytes = capacityBytes
    }
}
