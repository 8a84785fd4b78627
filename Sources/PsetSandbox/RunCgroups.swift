import Glibc

/// The cgroups of one run, each created under the caller's own group: memory, pids and cpuacct (cgroup v1),
/// and a group of the cgroup v2 hierarchy for the run's CPU pressure.
///
/// Creating them below the grader's own groups keeps every limit of the grader's host in force
/// and lets many runs proceed side by side under unique names.
struct RunCgroups: Sendable {
    /// The memory group's directory, if the host has the controller.
    let memory: String?
    /// The pids group's directory, if the host has the controller.
    let pids: String?
    /// The cpuacct group's directory, if the host has the controller.
    let cpu: String?
    /// The cgroup v2 group's directory, if the host reports pressure stall information there.
    let pressure: String?

    /// No groups: for hosts without cgroups, or configurations that do not use them.
    static let none = RunCgroups(memory: nil, pids: nil, cpu: nil, pressure: nil)

    /// The mount point of cgroup v1 hierarchies.
    static let root = "/sys/fs/cgroup"

    /// The key of the cgroup v2 hierarchy among the parent groups.
    private static let unified = "unified"

    /// The controllers a run's groups are created in.
    static let controllers = ["memory", "pids", "cpuacct"]

    /// Creates the groups of a run and sets their limits; controllers the host lacks are skipped.
    ///
    /// The name carries the sandbox user, so whose runs a group belongs to can be told from outside, then
    /// the owner, so that a process starting later can remove it if this one dies first.
    static func create(limits: SandboxLimits, userID: UInt32) throws -> RunCgroups {
        let parents = parentGroups()
        let random = String(UInt64.random(in: 0...UInt64.max), radix: 36)
        let name = "\(namePrefix(userID: userID))\(ResourceOwner.current)-\(random)"
        var created: [String] = []
        func make(_ controller: String) throws -> String? {
            guard let parent = parents[controller], access("\(parent)/cgroup.procs", W_OK) == 0 else { return nil }
            let path = parent.hasSuffix("/") ? "\(parent)\(name)" : "\(parent)/\(name)"
            guard mkdir(path, 0o755) == 0 else {
                throw SandboxError("cannot create the cgroup \(path): \(HostDirectory.describe(errno))")
            }
            created.append(path)
            return path
        }
        do {
            let memory = try make("memory")
            if let memory {
                try write("\(limits.memoryBytes)", to: "\(memory)/memory.limit_in_bytes")
                if access("\(memory)/memory.memsw.limit_in_bytes", W_OK) == 0 {
                    try write("\(limits.memoryBytes)", to: "\(memory)/memory.memsw.limit_in_bytes")
                }
            }
            let pids = try make("pids")
            if let pids {
                // One more than asked: the sandbox's own init process lives in the group too.
                try write("\(limits.processes + 1)", to: "\(pids)/pids.max")
            }
            let cpu = try make("cpuacct")
            let pressure = try make(unified)
            return RunCgroups(memory: memory, pids: pids, cpu: cpu, pressure: pressure)
        } catch {
            for path in created.reversed() { rmdir(path) }
            throw error
        }
    }

    /// How the names of the groups of runs as `userID` begin.
    static func namePrefix(userID: UInt32) -> String { "pset-\(userID)-" }

    /// Every group that exists, for joining and removing.
    var all: [String] { [memory, pids, cpu, pressure].compactMap { $0 } }

    /// Opens every group's `cgroup.procs` for the run's init process to write itself into.
    func openProcessFiles() throws -> [Int32] {
        var files: [Int32] = []
        for group in all {
            let fd = open("\(group)/cgroup.procs", O_WRONLY | O_CLOEXEC)
            guard fd >= 0 else {
                let code = errno
                files.forEach { close($0) }
                throw SandboxError("cannot open \(group)/cgroup.procs: \(HostDirectory.describe(code))")
            }
            files.append(fd)
        }
        return files
    }

    /// CPU time of every process that was in the group, in seconds.
    func cpuSeconds() -> Double? {
        guard let cpu, let nanoseconds = Self.read("\(cpu)/cpuacct.usage").flatMap({ Int($0) }) else { return nil }
        return Double(nanoseconds) / 1e9
    }

    /// How long some process or thread of the run was ready to run but waited for a CPU, in seconds.
    ///
    /// On a loaded host a thread that spins gets only its share of a CPU; the time it spent waiting for one
    /// is what, added to its CPU time, shows it never blocked.
    func cpuWaitSeconds() -> Double? {
        guard let pressure, let stalls = Self.read("\(pressure)/cpu.pressure"),
            let some = stalls.split(separator: "\n").first(where: { $0.hasPrefix("some ") }),
            let total = some.split(separator: " ").first(where: { $0.hasPrefix("total=") }),
            let microseconds = Int(total.dropFirst("total=".count))
        else { return nil }
        return Double(microseconds) / 1e6
    }

    /// The highest memory use of the group so far, in bytes.
    func peakMemoryBytes() -> Int? {
        memory.flatMap { Self.read("\($0)/memory.max_usage_in_bytes") }.flatMap { Int($0) }
    }

    /// The most tasks (processes and threads, init's included) the group ever held at once; a task that has
    /// exited counts until it is waited for.
    func peakTasks() -> Int? {
        pids.flatMap { Self.read("\($0)/pids.peak") }.flatMap { Int($0) }
    }

    /// Whether the run ran out of memory: the OOM killer acted, or the group hit its limit and the
    /// program was `killed` (an allocation the kernel refused rather than reclaimed).
    func memoryExhausted(killed: Bool) -> Bool {
        guard let memory else { return false }
        if let control = Self.read("\(memory)/memory.oom_control"),
            let line = control.split(separator: "\n").first(where: { $0.hasPrefix("oom_kill ") }),
            let kills = Int(line.dropFirst("oom_kill ".count)), kills > 0
        {
            return true
        }
        return killed && (Self.read("\(memory)/memory.failcnt").flatMap { Int($0) } ?? 0) > 0
    }

    /// Whether a fork or thread creation failed because the group reached its process limit.
    func processLimitReached() -> Bool {
        guard let pids, let events = Self.read("\(pids)/pids.events") else { return false }
        return events.split(separator: "\n").contains { $0.hasPrefix("max ") && $0 != "max 0" }
    }

    /// Removes every group; the run's processes must all be gone.
    func remove() {
        all.reversed().forEach(Self.removeGroup)
    }

    /// Removes the groups of runs whose owner is no longer running, under this process's own groups.
    ///
    /// Their runs died with their owner, so the groups are empty or about to be. Groups of a running
    /// owner, and groups whose name names no owner, are left alone.
    static func removeAbandoned() {
        for parent in parentGroups().values {
            for name in HostDirectory.entries(of: parent) where name.hasPrefix("pset-") {
                guard let owner = ResourceOwner(inName: name), !owner.isRunning else { continue }
                removeGroup(parent.hasSuffix("/") ? "\(parent)\(name)" : "\(parent)/\(name)")
            }
        }
    }

    /// Removes one group, waiting briefly for it to empty.
    private static func removeGroup(_ group: String) {
        // A group empties asynchronously after its last task is reaped; retry briefly.
        for attempt in 0..<200 {
            if rmdir(group) == 0 || errno == ENOENT { break }
            if errno != EBUSY || attempt == 199 { break }
            usleep(1000)
        }
    }

    /// The directory of the caller's own group per controller the runs use, from `/proc/self/cgroup`, and of
    /// its cgroup v2 group where that reports CPU pressure.
    private static func parentGroups() -> [String: String] {
        var groups: [String: String] = [:]
        for line in (read("/proc/self/cgroup") ?? "").split(separator: "\n") {
            let fields = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3 else { continue }
            if fields[0] == "0" && fields[1].isEmpty {
                // A hybrid host mounts the v2 hierarchy beside the v1 ones; a v2-only host at the root.
                let mount = access("\(root)/unified/cgroup.procs", F_OK) == 0 ? "\(root)/unified" : root
                let group = "\(mount)\(fields[2])"
                if access("\(group)/cpu.pressure", R_OK) == 0 { groups[unified] = group }
            }
            for controller in fields[1].split(separator: ",") where controllers.contains(String(controller)) {
                groups[String(controller)] = "\(root)/\(controller)\(fields[2])"
            }
        }
        return groups
    }

    /// Reads a small control file, without its trailing newline.
    static func read(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            bytes.append(contentsOf: buffer[0..<count])
        }
        var text = String(decoding: bytes, as: UTF8.self)
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    /// Writes a value into a control file.
    static func write(_ value: String, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SandboxError("cannot open \(path): \(HostDirectory.describe(errno))") }
        defer { close(fd) }
        let written = value.withCString { Glibc.write(fd, $0, strlen($0)) }
        guard written >= 0 else {
            throw SandboxError("cannot write \(value) to \(path): \(HostDirectory.describe(errno))")
        }
    }
}
