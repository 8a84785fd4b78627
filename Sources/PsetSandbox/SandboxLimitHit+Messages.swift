extension SandboxLimitHit {
    /// The sentence shown for running into a limit of `limits`, or of a work directory of `diskCapacity` bytes.
    static func message(for kind: Kind, limits: SandboxLimits, diskCapacity: Int = 0) -> String {
        switch kind {
        case .cpu:
            return "CPU time exhausted: the CPU time limit of \(seconds(limits.cpuSeconds)) was reached"
        case .wall:
            return "timed out: the program was still running after the time limit of \(seconds(limits.wallSeconds))"
        case .memory:
            return "out of memory: the memory limit of \(bytes(limits.memoryBytes)) was reached"
        case .processes:
            return "fork failed: the process limit of \(limits.processes) was reached"
        case .fileSize:
            return "file too large: the file size limit of \(bytes(limits.fileSizeBytes)) was reached"
        case .disk:
            return "disk full: the work directory's limit of \(bytes(diskCapacity)) was reached"
        case .output:
            return "output stopped: the program wrote more than the output limit of \(bytes(limits.outputBytes))"
        }
    }

    private static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }

    private static func bytes(_ value: Int) -> String {
        if value >= 1 << 20, value % (1 << 20) == 0 { return "\(value >> 20) MB" }
        if value >= 1 << 10, value % (1 << 10) == 0 { return "\(value >> 10) KB" }
        return "\(value) bytes"
    }
}
