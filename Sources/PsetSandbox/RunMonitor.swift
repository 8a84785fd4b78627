import CPsetSandbox
import Glibc

/// Supervises a launched run until its init process exits: feeds input, captures output, enforces
/// wall time, CPU time and output limits, and honours cancellation.
struct RunMonitor {
    let run: LaunchedRun
    let request: SandboxRequest
    let cgroups: RunCgroups
    /// A pipe's read end that becomes readable when the caller's task is cancelled.
    let cancellation: Int32
    let started: ContinuousClock.Instant

    /// How often the CPU time of the whole run is checked while it runs.
    static let cpuCheckInterval: Duration = .milliseconds(50)

    /// What supervision saw.
    struct Observation {
        var initStatus: Int32 = 0
        var usage = rusage()
        var ended: ContinuousClock.Instant
        var output = CapturedStream()
        var errors = CapturedStream()
        var stoppedFor: SandboxLimitHit.Kind?
        var cancelled = false
        var report: pset_sandbox_report?
        /// The step before the program's `execve` that failed, if one did.
        var failure: pset_sandbox_failure?
    }

    /// Bytes kept from one output stream, and whether more arrived.
    struct CapturedStream {
        var bytes: [UInt8] = []
        var truncated = false
    }

    /// Supervises the run to its end and reaps init; the pipes are left for the caller to close.
    func supervise() -> Observation {
        // A program that closes its standard input early must not kill the grader with SIGPIPE;
        // blocked here, the signal stays pending on this thread, which ends with the run.
        var pipeSignal = sigset_t()
        sigemptyset(&pipeSignal)
        sigaddset(&pipeSignal, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &pipeSignal, nil)

        let limits = request.limits
        let deadline = started + .milliseconds(Int64(limits.wallSeconds * 1000))
        var observation = Observation(ended: started)
        var input = run.standardInput
        var inputOffset = 0
        if request.standardInput.isEmpty {
            close(input)
            input = -1
        }
        var outputOpen = true
        var errorsOpen = true
        var killed = false
        var scratch = [UInt8](repeating: 0, count: 64 << 10)
        var output = CapturedStream()
        var errors = CapturedStream()
        var stoppedFor: SandboxLimitHit.Kind?

        func stop(_ reason: SandboxLimitHit.Kind?) {
            if !killed {
                kill(run.pid, SIGKILL)
                killed = true
                stoppedFor = reason
            }
        }

        func drain(_ fd: Int32, into stream: inout CapturedStream, open: inout Bool) {
            while true {
                let count = scratch.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                if count == 0 { open = false }
                guard count > 0 else { return }
                let room = limits.outputBytes - stream.bytes.count
                if count > room {
                    stream.bytes.append(contentsOf: scratch[0..<max(room, 0)])
                    stream.truncated = true
                    stop(.output)
                } else {
                    stream.bytes.append(contentsOf: scratch[0..<count])
                }
            }
        }

        while true {
            let now = ContinuousClock.now
            if now >= deadline { stop(.wall) }
            var wait = killed ? Duration.milliseconds(100) : min(deadline - now, Self.cpuCheckInterval)
            if cgroups.cpu == nil && !killed { wait = deadline - now }
            var fds = [
                pollfd(fd: run.pidfd, events: Int16(POLLIN), revents: 0),
                pollfd(fd: outputOpen ? run.standardOutput : -1, events: Int16(POLLIN), revents: 0),
                pollfd(fd: errorsOpen ? run.standardError : -1, events: Int16(POLLIN), revents: 0),
                pollfd(fd: cancellation, events: Int16(POLLIN), revents: 0),
                pollfd(fd: input, events: Int16(POLLOUT), revents: 0),
            ]
            let milliseconds = Int32(clamping: Int(max(wait / .milliseconds(1), 0).rounded(.up)))
            let ready = poll(&fds, nfds_t(fds.count), milliseconds)
            if ready < 0, errno != EINTR { break }
            if fds[1].revents != 0 { drain(run.standardOutput, into: &output, open: &outputOpen) }
            if fds[2].revents != 0 { drain(run.standardError, into: &errors, open: &errorsOpen) }
            if fds[4].revents != 0 {
                let written = request.standardInput.withUnsafeBytes { bytes in
                    write(input, bytes.baseAddress! + inputOffset, bytes.count - inputOffset)
                }
                if written > 0 { inputOffset += written }
                if (written < 0 && errno != EAGAIN && errno != EINTR) || inputOffset == request.standardInput.count {
                    close(input)
                    input = -1
                }
            }
            if fds[3].revents != 0 {
                observation.cancelled = true
                stop(nil)
            }
            if !killed, let cpu = cgroups.cpuSeconds(), cpu > limits.cpuSeconds { stop(.cpu) }
            if fds[0].revents != 0 { break }
        }
        observation.ended = ContinuousClock.now
        if input >= 0 { close(input) }

        while wait4(run.pid, &observation.initStatus, 0, &observation.usage) < 0, errno == EINTR {}
        // Everything of the run is gone now, so what remains in the pipes is all there is.
        drain(run.standardOutput, into: &output, open: &outputOpen)
        drain(run.standardError, into: &errors, open: &errorsOpen)
        observation.output = output
        observation.errors = errors
        observation.stoppedFor = stoppedFor
        // Other runs starting at this moment may briefly hold copies of these pipes: never wait for them.
        for fd in [run.failure, run.report] { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        var failure = pset_sandbox_failure()
        let failureCount = withUnsafeMutableBytes(of: &failure) { read(run.failure, $0.baseAddress, $0.count) }
        if failureCount == MemoryLayout<pset_sandbox_failure>.size { observation.failure = failure }
        var report = pset_sandbox_report()
        let count = withUnsafeMutableBytes(of: &report) { read(run.report, $0.baseAddress, $0.count) }
        if count == MemoryLayout<pset_sandbox_report>.size { observation.report = report }
        return observation
    }
}
