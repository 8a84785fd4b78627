import CPsetSandbox
import Glibc

/// A started run: its init process and the parent's ends of its pipes, all owned by the supervisor.
struct LaunchedRun: Sendable {
    /// The init process, in the host's PID namespace.
    let pid: pid_t
    /// A descriptor that becomes readable when init has exited and every process of the run is gone.
    let pidfd: Int32
    /// Where the program's standard input comes from, or -1 once all of it was written.
    let standardInput: Int32
    let standardOutput: Int32
    let standardError: Int32
    /// Where a step before the program's `execve` reports its failure.
    let failure: Int32
    /// Where init writes its report.
    let report: Int32
    /// The paths of the root's entries, in the order init builds them, to name one that failed.
    let mountTargets: [String]

    /// Closes the descriptors the parent holds, except standard input, which the supervisor closes.
    func close() {
        for fd in [pidfd, standardOutput, standardError, failure, report] where fd >= 0 {
            Glibc.close(fd)
        }
    }
}
