/// How a ``Sandbox`` is set up on this host: who programs run as and what of the system they see.
public struct SandboxConfiguration: Sendable, Hashable {
    /// The user programs run as, inside and on the host; never root.
    public var userID: UInt32
    /// The group programs run as, inside and on the host; never root.
    public var groupID: UInt32
    /// Host paths shown read-only at the same place inside: what a C program and the compiler need.
    ///
    /// A path that is a symbolic link on the host (such as `/bin` on a merged-`/usr` system) is
    /// recreated as the same link; paths missing on the host are skipped.
    public var systemPaths: [String]
    /// Paths under ``systemPaths`` shown empty: where software installed by hand, such as the grader, lives.
    ///
    /// The running grader's own executable is hidden wherever it is, whether listed here or not.
    public var hiddenPaths: [String]
    /// The host name programs see.
    public var hostname: String
    /// The host directory under which each run gets its private directories; created if missing.
    public var stagingDirectory: String
    /// Whether to count and cap memory, processes and CPU time with cgroups when the host has them.
    public var usesCgroups: Bool

    /// Creates a configuration; the defaults suit a Debian host running gcc.
    public init(
        userID: UInt32 = 65_534,
        groupID: UInt32 = 65_534,
        systemPaths: [String] = SandboxConfiguration.defaultSystemPaths,
        hiddenPaths: [String] = SandboxConfiguration.defaultHiddenPaths,
        hostname: String = "pset",
        stagingDirectory: String = "/tmp/pset-sandbox",
        usesCgroups: Bool = true
    ) {
        self.userID = userID
        self.groupID = groupID
        self.systemPaths = systemPaths
        self.hiddenPaths = hiddenPaths
        self.hostname = hostname
        self.stagingDirectory = stagingDirectory
        self.usesCgroups = usesCgroups
    }

    /// `/usr` and the top-level links into it, and the few files of `/etc` the loader and gcc read.
    public static let defaultSystemPaths: [String] = [
        "/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32",
        "/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/alternatives", "/etc/localtime",
    ]

    /// `/usr/local`, where an administrator would install `pset` itself.
    public static let defaultHiddenPaths = ["/usr/local"]
}
