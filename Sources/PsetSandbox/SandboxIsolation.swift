/// An isolation mechanism a run can have in force; ``SandboxResult/isolation`` lists those that were.
public enum SandboxIsolation: String, Sendable, Hashable, Codable, CaseIterable {
    case userNamespace
    case pidNamespace
    case ipcNamespace
    case networkNamespace
    case mountNamespace
    case utsNamespace
    /// A `/proc` showing only the run's own processes.
    case privateProc
    /// A private, size-limited `/tmp` and `/dev/shm`.
    case privateTmp
    /// System directories mounted read-only, and only those a C program and the compiler need.
    case readOnlySystem
    /// The loopback interface up, and no other network.
    case loopbackOnly
    /// An unprivileged user and group, whoever runs the sandbox.
    case unprivilegedUser
    case noNewPrivileges
    /// The system-call filter.
    case seccomp
    /// Memory counted and capped for the whole run.
    case memoryCgroup
    /// Processes and threads counted and capped for the whole run.
    case pidsCgroup
    /// CPU time counted for the whole run.
    case cpuCgroup
    /// Per-process resource limits.
    case resourceLimits
}
