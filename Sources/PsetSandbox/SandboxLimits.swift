/// The resources one sandboxed run may use before it is stopped.
///
/// Every limit applies to the whole run: the main program and everything it starts.
public struct SandboxLimits: Sendable, Hashable, Codable {
    /// CPU time of all processes together, in seconds.
    public var cpuSeconds: Double
    /// Time from start to end of the run, in seconds, whether the program computes, sleeps or blocks.
    public var wallSeconds: Double
    /// Memory of all processes together (resident pages, page cache and private tmpfs), in bytes.
    public var memoryBytes: Int
    /// Processes and threads alive at once, the main program included.
    public var processes: Int
    /// Open file descriptors per process.
    public var openFiles: Int
    /// Size of any one file the program writes, in bytes.
    public var fileSizeBytes: Int
    /// Bytes the program may store in its private `/tmp` and in `/dev/shm`, each.
    ///
    /// The work directory's own limit is its ``SandboxWorkspace/capacityBytes``.
    public var diskBytes: Int
    /// Bytes kept from standard output and from standard error, each; more stops the run.
    public var outputBytes: Int
    /// Virtual address space per process, in bytes, or `nil` for none.
    ///
    /// Leave it `nil` for ThreadSanitizer binaries, which reserve terabytes of shadow memory
    /// they never touch; the memory limit still holds through the memory cgroup.
    public var addressSpaceBytes: Int?

    /// Creates limits; every parameter has a default suited to a student's test run.
    public init(
        cpuSeconds: Double = 10,
        wallSeconds: Double = 20,
        memoryBytes: Int = 512 << 20,
        processes: Int = 64,
        openFiles: Int = 256,
        fileSizeBytes: Int = 16 << 20,
        diskBytes: Int = 64 << 20,
        outputBytes: Int = 1 << 20,
        addressSpaceBytes: Int? = nil
    ) {
        self.cpuSeconds = cpuSeconds
        self.wallSeconds = wallSeconds
        self.memoryBytes = memoryBytes
        self.processes = processes
        self.openFiles = openFiles
        self.fileSizeBytes = fileSizeBytes
        self.diskBytes = diskBytes
        self.outputBytes = outputBytes
        self.addressSpaceBytes = addressSpaceBytes
    }
}
