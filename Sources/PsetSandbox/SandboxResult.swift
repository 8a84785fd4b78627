/// What happened to one sandboxed run: how it ended, what it used and printed, and what it left behind.
///
/// A program that crashes, times out or breaks a limit still produces a result; only a sandbox
/// that cannot work throws.
public struct SandboxResult: Sendable, Hashable {
    /// How the main program ended.
    public var termination: SandboxTermination
    /// CPU time of all processes of the run, in seconds.
    public var cpuSeconds: Double
    /// Time from start to end of the run, in seconds.
    public var wallSeconds: Double
    /// How long some process or thread of the run was ready to run but waited for a CPU, in seconds, where
    /// the host reports it (cgroup v2 pressure stall information).
    public var cpuWaitSeconds: Double?
    /// The largest memory use of the run at any moment, in bytes.
    public var peakMemoryBytes: Int
    /// Standard output, at most ``SandboxLimits/outputBytes`` of it.
    public var standardOutput: [UInt8]
    /// Whether the program wrote more to standard output than was kept.
    public var standardOutputTruncated: Bool
    /// Standard error, at most ``SandboxLimits/outputBytes`` of it.
    public var standardError: [UInt8]
    /// Whether the program wrote more to standard error than was kept.
    public var standardErrorTruncated: Bool
    /// The limit the run ran into, if any.
    public var limitHit: SandboxLimitHit?
    /// The processes of the run as they stood when the main program ended.
    public var processes: SandboxProcessRecord
    /// System V IPC objects still existing when the main program ended.
    public var ipc: SandboxIPCRecord
    /// The isolation mechanisms that were in force.
    public var isolation: Set<SandboxIsolation>

    /// Creates a result.
    public init(
        termination: SandboxTermination,
        cpuSeconds: Double,
        wallSeconds: Double,
        peakMemoryBytes: Int,
        standardOutput: [UInt8],
        standardOutputTruncated: Bool,
        standardError: [UInt8],
        standardErrorTruncated: Bool,
        limitHit: SandboxLimitHit?,
        processes: SandboxProcessRecord,
        ipc: SandboxIPCRecord,
        isolation: Set<SandboxIsolation>,
        cpuWaitSeconds: Double? = nil
    ) {
        self.termination = termination
        self.cpuSeconds = cpuSeconds
        self.wallSeconds = wallSeconds
        self.cpuWaitSeconds = cpuWaitSeconds
        self.peakMemoryBytes = peakMemoryBytes
        self.standardOutput = standardOutput
        self.standardOutputTruncated = standardOutputTruncated
        self.standardError = standardError
        self.standardErrorTruncated = standardErrorTruncated
        self.limitHit = limitHit
        self.processes = processes
        self.ipc = ipc
        self.isolation = isolation
    }

    /// Standard output decoded as UTF-8, invalid bytes replaced.
    public var standardOutputText: String { String(decoding: standardOutput, as: UTF8.self) }

    /// Standard error decoded as UTF-8, invalid bytes replaced.
    public var standardErrorText: String { String(decoding: standardError, as: UTF8.self) }
}
