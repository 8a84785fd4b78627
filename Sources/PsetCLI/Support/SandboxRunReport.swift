import Foundation
import PsetSandbox

/// What `pset sandbox run` prints about a run, as JSON or as a summary line.
struct SandboxRunReport: Encodable {
    /// `"exited"` or `"signaled"`.
    let termination: String
    /// The exit status, when the program exited.
    let exitCode: Int32?
    /// The signal's number, when one killed the program.
    let signal: Int32?
    let cpuSeconds: Double
    let wallSeconds: Double
    let peakMemoryBytes: Int
    let stdout: String
    let stdoutTruncated: Bool
    let stderr: String
    let stderrTruncated: Bool
    let limitHit: SandboxLimitHit?
    let processes: SandboxProcessRecord
    let ipc: SandboxIPCRecord
    let isolation: [String]

    init(_ result: SandboxResult) {
        switch result.termination {
        case .exited(let code):
            (termination, exitCode, signal) = ("exited", code, nil)
        case .signaled(let number):
            (termination, exitCode, signal) = ("signaled", nil, number)
        }
        cpuSeconds = result.cpuSeconds
        wallSeconds = result.wallSeconds
        peakMemoryBytes = result.peakMemoryBytes
        stdout = result.standardOutputText
        stdoutTruncated = result.standardOutputTruncated
        stderr = result.standardErrorText
        stderrTruncated = result.standardErrorTruncated
        limitHit = result.limitHit
        processes = result.processes
        ipc = result.ipc
        isolation = result.isolation.map(\.rawValue).sorted()
    }

    /// One line for a terminal: how it ended, what it used, what it left, which limit it hit.
    func summary(terminal: Terminal) -> String {
        let ending = exitCode.map { "exited with status \($0)" } ?? "killed by signal \(signal ?? 0)"
        var parts = [
            ending,
            String(format: "CPU %.3f s", cpuSeconds),
            String(format: "wall %.3f s", wallSeconds),
            String(format: "peak memory %.1f MB", Double(peakMemoryBytes) / 1_048_576),
            processes.processesCreated.map { "\($0) process(es) and \(processes.tasksCreated - $0) thread(s) created" }
                ?? "\(processes.tasksCreated) task(s) created",
        ]
        if let most = processes.mostAtOnce, most > 1 { parts.append("at most \(most) processes at once") }
        let made = [("pipe", ipc.pipesCreated), ("socket", ipc.socketsCreated), ("shmget", ipc.segmentsCreated)]
            .compactMap { name, count in count.flatMap { $0 > 0 ? "\($0) \(name)" : nil } }
        if !made.isEmpty { parts.append("made " + made.joined(separator: ", ")) }
        if processes.aliveAtExit > 0 { parts.append("\(processes.aliveAtExit) still running at exit") }
        if processes.zombiesAtExit > 0 { parts.append("\(processes.zombiesAtExit) never waited for") }
        if !ipc.isEmpty {
            parts.append(
                "System V left: \(ipc.sharedMemorySegments) segment(s), \(ipc.semaphoreSets) semaphore set(s), "
                    + "\(ipc.messageQueues) queue(s)")
        }
        if stdoutTruncated || stderrTruncated { parts.append("output truncated") }
        var line = terminal.dim("sandbox: " + parts.joined(separator: " · "))
        if let limitHit { line += "\n" + terminal.red("sandbox: " + limitHit.message) }
        return line
    }
}
