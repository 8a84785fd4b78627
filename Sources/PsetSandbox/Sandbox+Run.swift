import CPsetSandbox
import Glibc

extension Sandbox {
    /// Runs one program to its end or its first limit, tears down everything it started, and reports.
    ///
    /// Cancelling the calling task kills the run and still cleans up. Throws ``SandboxError`` only
    /// when the sandbox cannot be set up; whatever the program does is in the result.
    public func run(_ request: SandboxRequest) async throws -> SandboxResult {
        try validate(request)
        let executable = try resolveExecutable(of: request)
        // The supervising thread polls the read end; cancelling writes a byte to the other.
        var cancellation: [Int32] = [-1, -1]
        guard pset_pipe_cloexec(&cancellation) == 0 else {
            throw SandboxError("cannot create a pipe to cancel the run: \(HostDirectory.describe(errno))")
        }
        defer { cancellation.forEach { close($0) } }
        let sandbox = self
        let watched = cancellation[0]
        let signal = cancellation[1]
        return try await withTaskCancellationHandler {
            try await BlockingThread.run {
                try sandbox.runBlocking(request, executable: executable, cancellation: watched)
            }
        } onCancel: {
            var byte: UInt8 = 1
            _ = write(signal, &byte, 1)
        }
    }

    /// Sets up, launches, supervises and tears down one run on the calling thread.
    func runBlocking(_ request: SandboxRequest, executable: String, cancellation: Int32) throws -> SandboxResult {
        let cgroups =
            configuration.usesCgroups
            ? try RunCgroups.create(limits: request.limits, userID: configuration.userID) : RunCgroups.none
        defer { cgroups.remove() }
        let started = ContinuousClock.now
        let pool = NetworkNamespacePool.shared
        let reused = pool.take()
        let run: LaunchedRun
        do {
            run = try launch(request, executable: executable, cgroups: cgroups, network: reused)
        } catch {
            if let reused { pool.giveBack(reused) }
            throw error
        }
        // Kept from init's start; given back below, when every process of the run has been reaped.
        let network = reused ?? NetworkNamespacePool.open(of: run.pid)
        defer {
            run.close()
            if let network { pool.giveBack(network) }
        }
        let observation = RunMonitor(
            run: run, request: request, cgroups: cgroups, cancellation: cancellation, started: started
        ).supervise()
        if observation.cancelled {
            throw CancellationError()
        }
        if let failure = observation.failure {
            throw SandboxError(Self.describe(failure, executable: executable, mountTargets: run.mountTargets))
        }
        return result(of: observation, request: request, cgroups: cgroups, started: started)
    }

    /// Turns what supervision saw into a result, naming the limit the run ran into.
    func result(
        of observation: RunMonitor.Observation, request: SandboxRequest, cgroups: RunCgroups,
        started: ContinuousClock.Instant
    ) -> SandboxResult {
        let report = observation.report
        let termination: SandboxTermination
        if let status = report?.program_status {
            termination = status & 0x7f == 0 ? .exited((status >> 8) & 0xff) : .signaled(status & 0x7f)
        } else {
            termination = .signaled(SIGKILL)
        }
        let usage = observation.usage
        let rusageSeconds =
            Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        let cpuSeconds = cgroups.cpuSeconds() ?? rusageSeconds
        let limitHit = limitHit(
            stoppedFor: observation.stoppedFor, termination: termination, cpuSeconds: cpuSeconds,
            request: request, cgroups: cgroups
        )
        return SandboxResult(
            termination: termination,
            cpuSeconds: cpuSeconds,
            wallSeconds: (observation.ended - started) / .seconds(1),
            peakMemoryBytes: cgroups.peakMemoryBytes() ?? usage.ru_maxrss * 1024,
            standardOutput: observation.output.bytes,
            standardOutputTruncated: observation.output.truncated,
            standardError: observation.errors.bytes,
            standardErrorTruncated: observation.errors.truncated,
            limitHit: limitHit,
            processes: processRecord(report, cgroups: cgroups),
            ipc: SandboxIPCRecord(
                sharedMemorySegments: Int(report?.shm_segments ?? 0),
                semaphoreSets: Int(report?.semaphore_sets ?? 0),
                messageQueues: Int(report?.message_queues ?? 0),
                pipesCreated: Self.recorded(report?.pipes),
                socketsCreated: Self.recorded(report?.sockets),
                segmentsCreated: Self.recorded(report?.segments)
            ),
            isolation: isolation(cgroups: cgroups, limits: request.limits),
            cpuWaitSeconds: cgroups.cpuWaitSeconds()
        )
    }

    /// What init's report and the pids group say about the run's processes.
    func processRecord(_ report: pset_sandbox_report?, cgroups: RunCgroups) -> SandboxProcessRecord {
        let tasks = max(Int(report?.last_pid ?? 0) - 1, 0)
        let processes = Self.recorded(report?.processes)
        // The group's peak counts init too, and threads; every thread created is taken off, so it is never more.
        let threads = processes.map { max(0, tasks - $0) }
        let mostAtOnce = cgroups.peakTasks().flatMap { peak in threads.map { max(1, peak - 1 - $0) } }
        return SandboxProcessRecord(
            tasksCreated: tasks, aliveAtExit: Int(report?.alive ?? 0), zombiesAtExit: Int(report?.zombies ?? 0),
            processesCreated: processes, mostAtOnce: mostAtOnce)
    }

    /// A count init recorded, or nil for one it could not (-1) or a report that never came.
    private static func recorded(_ count: Int32?) -> Int? {
        count.flatMap { $0 >= 0 ? Int($0) : nil }
    }

    /// The limit a finished run ran into: the one it was stopped for, else the one its end shows.
    func limitHit(
        stoppedFor: SandboxLimitHit.Kind?, termination: SandboxTermination, cpuSeconds: Double,
        request: SandboxRequest, cgroups: RunCgroups
    ) -> SandboxLimitHit? {
        let limits = request.limits
        let kind: SandboxLimitHit.Kind
        if let stoppedFor {
            // A fork bomb spins until stopped for time; the failed forks are what the student must fix.
            kind = stoppedFor != .output && cgroups.processLimitReached() ? .processes : stoppedFor
        } else if cgroups.memoryExhausted(killed: termination == .signaled(SIGKILL)) {
            kind = .memory
        } else if termination == .signaled(SIGXCPU)
            || (termination == .signaled(SIGKILL) && cpuSeconds >= limits.cpuSeconds)
        {
            kind = .cpu
        } else if termination == .signaled(SIGXFSZ) {
            kind = .fileSize
        } else if cgroups.processLimitReached() {
            kind = .processes
        } else if let capacity = fullCapacity(of: request.workDirectory) {
            return SandboxLimitHit(
                kind: .disk, message: SandboxLimitHit.message(for: .disk, limits: limits, diskCapacity: capacity))
        } else {
            return nil
        }
        return SandboxLimitHit(kind: kind, message: SandboxLimitHit.message(for: kind, limits: limits))
    }

    /// The size of a work directory's file system if it has no room left, such as a full workspace.
    private func fullCapacity(of path: String) -> Int? {
        var info = statvfs()
        guard statvfs(path, &info) == 0, info.f_blocks > 0, info.f_bavail == 0 else { return nil }
        return Int(info.f_blocks) * Int(info.f_frsize)
    }

    /// The isolation mechanisms a run with these cgroups and limits has.
    func isolation(cgroups: RunCgroups, limits: SandboxLimits) -> Set<SandboxIsolation> {
        var mechanisms: Set<SandboxIsolation> = [
            .pidNamespace, .ipcNamespace, .networkNamespace, .mountNamespace, .utsNamespace, .privateProc,
            .privateTmp, .readOnlySystem, .loopbackOnly, .unprivilegedUser, .noNewPrivileges, .seccomp,
            .resourceLimits,
        ]
        if Self.userNamespacesAvailable { mechanisms.insert(.userNamespace) }
        if cgroups.memory != nil { mechanisms.insert(.memoryCgroup) }
        if cgroups.pids != nil { mechanisms.insert(.pidsCgroup) }
        if cgroups.cpu != nil { mechanisms.insert(.cpuCgroup) }
        return mechanisms
    }
}
