import CPsetSandbox
import Glibc

extension Sandbox {
    /// Namespaces init is created in: mount, UTS, IPC and PID (the `CLONE_NEW*` flags).
    static let initNamespaces: Int32 = 0x0002_0000 | 0x0400_0000 | 0x0800_0000 | 0x2000_0000
    /// `CLONE_NEWNET`, for a run that cannot reuse a network namespace.
    static let newNetworkNamespace: Int32 = 0x4000_0000

    /// Whether this kernel lets processes create user namespaces.
    static let userNamespacesAvailable: Bool = {
        guard let value = RunCgroups.read("/proc/sys/user/max_user_namespaces").flatMap({ Int($0) }) else {
            return false
        }
        return value > 0
    }()

    /// Starts init, which joins `cgroups`, builds the sandbox and starts the program in it.
    ///
    /// Returns at once: whether the program could be executed is known only once init has exited
    /// (``RunMonitor`` reads it then), which spares the run a wait for its set-up.
    ///
    /// With `network` (a namespace from ``NetworkNamespacePool``) init joins it instead of creating one.
    func launch(
        _ request: SandboxRequest, executable: String, cgroups: RunCgroups, network: Int32?
    ) throws -> LaunchedRun {
        let staging = try HostDirectory.prepareStaging(configuration.stagingDirectory)
        let root = "\(staging)/root"
        if mkdir(root, 0o755) != 0, errno != EEXIST {
            throw SandboxError("cannot create \(root): \(HostDirectory.describe(errno))")
        }
        let base = try SandboxBase.prepare(for: configuration, in: staging)
        let cgroupFiles = try cgroups.openProcessFiles()
        defer { cgroupFiles.forEach { Glibc.close($0) } }

        var input: [Int32] = [-1, -1]
        var output: [Int32] = [-1, -1]
        var errors: [Int32] = [-1, -1]
        guard pset_pipe_cloexec(&input) == 0 else { throw pipeError() }
        guard pset_pipe_cloexec(&output) == 0 else {
            closeAll(input)
            throw pipeError()
        }
        guard pset_pipe_cloexec(&errors) == 0 else {
            closeAll(input + output)
            throw pipeError()
        }
        for fd in [input[1], output[0], errors[0]] {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }

        let arena = CStringArena()
        let plan = rootEntries(for: request, base: base)
        let entries = plan.map { $0.cValue(in: arena) }
        let limits = resourceLimits(for: request.limits, cgroups: cgroups)
        let filter = SeccompFilter.instructions
        let environment = request.environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        var spec = pset_sandbox_spec(
            root: arena.string(root),
            root_options: arena.string("size=1m,mode=0755"),
            mounts: arena.array(entries),
            mount_count: Int32(entries.count),
            hostname: arena.string(configuration.hostname),
            namespaces: network == nil ? Self.initNamespaces | Self.newNetworkNamespace : Self.initNamespaces,
            user_namespace: Self.userNamespacesAvailable ? 1 : 0,
            loopback: 1,
            uid: configuration.userID,
            gid: configuration.groupID,
            exec_path: arena.string(executable),
            argv: arena.stringArray([executable] + request.arguments),
            envp: arena.stringArray(environment),
            work_dir: arena.string(Self.workPath),
            stdin_fd: input[0],
            stdout_fd: output[1],
            stderr_fd: errors[1],
            rlimits: arena.array(limits),
            rlimit_count: Int32(limits.count),
            filter: arena.array(filter),
            filter_length: UInt16(filter.count),
            network_fd: network ?? -1,
            cgroup_fds: arena.array(cgroupFiles),
            cgroup_count: Int32(cgroupFiles.count),
            parent: ResourceOwner.current.pid
        )

        var pid: pid_t = 0
        var pidfd: Int32 = -1
        var failure: Int32 = -1
        var report: Int32 = -1
        let rc = withExtendedLifetime(arena) {
            pset_sandbox_spawn(&spec, &pid, &pidfd, &failure, &report)
        }
        closeAll([input[0], output[1], errors[1]])
        guard rc == 0 else {
            closeAll([input[1], output[0], errors[0]])
            throw SandboxError("cannot start the sandbox: \(HostDirectory.describe(rc))")
        }
        return LaunchedRun(
            pid: pid, pidfd: pidfd, standardInput: input[1], standardOutput: output[0], standardError: errors[0],
            failure: failure, report: report, mountTargets: plan.map(\.target)
        )
    }

    /// The per-process limits set on the program.
    func resourceLimits(for limits: SandboxLimits, cgroups: RunCgroups) -> [pset_rlimit] {
        func limit(_ resource: __rlimit_resource, _ soft: Int, _ hard: Int? = nil) -> pset_rlimit {
            pset_rlimit(
                resource: Int32(resource.rawValue), soft: UInt64(max(soft, 0)), hard: UInt64(max(hard ?? soft, 0)))
        }
        let cpu = Int(limits.cpuSeconds.rounded(.up))
        var result = [
            limit(RLIMIT_CPU, cpu, cpu + 1),
            limit(RLIMIT_NOFILE, limits.openFiles),
            limit(RLIMIT_FSIZE, limits.fileSizeBytes),
            limit(RLIMIT_CORE, 0),
        ]
        // Without a pids cgroup: counted per user namespace, so with one per run it caps this run only.
        if cgroups.pids == nil, Self.userNamespacesAvailable {
            result.append(limit(__RLIMIT_NPROC, limits.processes))
        }
        if let addressSpace = limits.addressSpaceBytes {
            result.append(limit(RLIMIT_AS, addressSpace))
        }
        return result
    }

    private func pipeError() -> SandboxError {
        SandboxError("cannot create a pipe for the program's input and output: \(HostDirectory.describe(errno))")
    }

    private func closeAll(_ fds: [Int32]) {
        for fd in fds where fd >= 0 { Glibc.close(fd) }
    }

    /// A one-line account of a failed set-up step.
    static func describe(_ failure: pset_sandbox_failure, executable: String, mountTargets: [String]) -> String {
        let reason = HostDirectory.describe(failure.error)
        switch UInt32(failure.stage) {
        case PSET_STAGE_EXEC.rawValue:
            return "cannot execute \(executable) in the sandbox: \(reason)"
        case PSET_STAGE_MOUNT_ENTRY.rawValue:
            let index = Int(failure.index)
            let target = mountTargets.indices.contains(index) ? mountTargets[index] : "an entry"
            return "cannot set up \(target) in the sandbox: \(reason)"
        case PSET_STAGE_WORK_DIR.rawValue:
            return "cannot enter the work directory \(workPath) in the sandbox: \(reason)"
        case PSET_STAGE_RLIMIT.rawValue:
            return "cannot set a resource limit in the sandbox: \(reason)"
        default:
            let stage = stageNames[UInt32(failure.stage)] ?? "setting it up"
            return "the sandbox failed while \(stage): \(reason)"
        }
    }

    private static let stageNames: [UInt32: String] = [
        PSET_STAGE_CGROUP.rawValue: "joining its cgroups",
        PSET_STAGE_NETWORK.rawValue: "joining its network namespace",
        PSET_STAGE_MOUNT_PRIVATE.rawValue: "making its mounts private",
        PSET_STAGE_MOUNT_ROOT.rawValue: "mounting its root",
        PSET_STAGE_PIVOT_ROOT.rawValue: "switching to its root",
        PSET_STAGE_LOOPBACK.rawValue: "bringing up the loopback interface",
        PSET_STAGE_HOSTNAME.rawValue: "setting the host name",
        PSET_STAGE_FORK_PROGRAM.rawValue: "starting the program",
        PSET_STAGE_USER_NAMESPACE.rawValue: "creating a user namespace",
        PSET_STAGE_ID_MAP.rawValue: "mapping user and group ids",
        PSET_STAGE_CREDENTIALS.rawValue: "switching to the unprivileged user",
        PSET_STAGE_STDIO.rawValue: "connecting standard input and output",
        PSET_STAGE_NO_NEW_PRIVS.rawValue: "forbidding new privileges",
        PSET_STAGE_CAPABILITIES.rawValue: "dropping capabilities",
        PSET_STAGE_SECCOMP.rawValue: "installing the system-call filter",
        PSET_STAGE_PARENT.rawValue: "tying its life to the grader's",
    ]
}
