/// One program to run in a sandbox: what to execute, with what input, where, under which limits.
public struct SandboxRequest: Sendable, Hashable {
    /// The program: a path inside the sandbox (`/usr/bin/gcc`, `./a.out`) or a bare name searched in `PATH`.
    public var executable: String
    /// The arguments after the program's name.
    public var arguments: [String]
    /// The whole environment the program sees; nothing is inherited from the caller.
    public var environment: [String: String]
    /// Bytes the program reads on standard input; it then reads end of file.
    public var standardInput: [UInt8]
    /// The host directory the program sees, writable, as its working directory ``Sandbox/workPath``.
    public var workDirectory: String
    /// Further host paths to show inside, such as a directory holding an `LD_PRELOAD` library.
    public var mounts: [SandboxMount]
    /// The limits of this run.
    public var limits: SandboxLimits

    /// Creates a request; the environment defaults to ``defaultEnvironment``.
    public init(
        executable: String,
        arguments: [String] = [],
        environment: [String: String] = SandboxRequest.defaultEnvironment,
        standardInput: [UInt8] = [],
        workDirectory: String,
        mounts: [SandboxMount] = [],
        limits: SandboxLimits = SandboxLimits()
    ) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.standardInput = standardInput
        self.workDirectory = workDirectory
        self.mounts = mounts
        self.limits = limits
    }

    /// A minimal environment: a search path, a home and temporary directory in the sandbox, the C locale.
    public static let defaultEnvironment: [String: String] = [
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": Sandbox.workPath,
        "TMPDIR": "/tmp",
        "LANG": "C.UTF-8",
    ]
}
