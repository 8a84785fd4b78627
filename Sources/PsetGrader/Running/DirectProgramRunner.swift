import Foundation
import Glibc
import PsetSandbox
import Synchronization

/// Runs programs as plain child processes of the grader, with a wall-clock limit and nothing else.
///
/// It stands in where the sandbox cannot run (it records no processes or IPC objects), so the
/// grading logic can be developed and tested without namespaces.
struct DirectProgramRunner: ProgramRunner {
    func withWorkDirectory<T: Sendable>(_ body: (String) async throws -> T) async throws -> T {
        let directory = try TemporaryDirectory.make(prefix: "pset-run")
        defer { TemporaryDirectory.remove(directory) }
        return try await body(directory)
    }

    func run(_ request: SandboxRequest) async throws -> SandboxResult {
        let scratch = try TemporaryDirectory.make(prefix: "pset-io")
        defer { TemporaryDirectory.remove(scratch) }
        let input = scratch + "/stdin", output = scratch + "/stdout", errors = scratch + "/stderr"
        try Data(request.standardInput).write(to: URL(fileURLWithPath: input))
        let started = Date()
        let pid = try spawn(request, input: input, output: output, errors: errors)
        let (status, usage) = await Self.wait(for: pid, wallSeconds: request.limits.wallSeconds)
        let wall = Date().timeIntervalSince(started)
        let timedOut = wall >= request.limits.wallSeconds
        let termination: SandboxTermination =
            status & 0x7f == 0 ? .exited((status >> 8) & 0xff) : .signaled(status & 0x7f)
        let cap = request.limits.outputBytes
        let stdout = (try? Data(contentsOf: URL(fileURLWithPath: output))).map { [UInt8]($0) } ?? []
        let stderr = (try? Data(contentsOf: URL(fileURLWithPath: errors))).map { [UInt8]($0) } ?? []
        let cpu =
            Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        return SandboxResult(
            termination: termination, cpuSeconds: cpu, wallSeconds: wall, peakMemoryBytes: usage.ru_maxrss * 1024,
            standardOutput: Array(stdout.prefix(cap)), standardOutputTruncated: stdout.count > cap,
            standardError: Array(stderr.prefix(cap)), standardErrorTruncated: stderr.count > cap,
            limitHit: timedOut
                ? SandboxLimitHit(
                    kind: .wall, message: "the program was stopped after \(request.limits.wallSeconds) s of wall time")
                : nil,
            processes: SandboxProcessRecord(tasksCreated: 1, aliveAtExit: 0, zombiesAtExit: 0),
            ipc: SandboxIPCRecord(sharedMemorySegments: 0, semaphoreSets: 0, messageQueues: 0),
            isolation: []
        )
    }

    private typealias AddChdir = @convention(c) (
        UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>
    ) -> Int32

    /// glibc's `posix_spawn_file_actions_addchdir_np`, which Swift's Glibc module does not export.
    private static let addChdir: AddChdir? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addchdir_np")
        .map { unsafeBitCast($0, to: AddChdir.self) }

    private func spawn(_ request: SandboxRequest, input: String, output: String, errors: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, input, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errors, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard let addChdir = Self.addChdir else { throw GraderError("this C library cannot start a program in a directory") }
        _ = addChdir(&actions, request.workDirectory)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)
        let executable = request.executable.contains("/") ? request.executable : "/usr/bin/" + request.executable
        let argv = [executable] + request.arguments
        let environment = request.environment.map { "\($0.key)=\($0.value)" }
        var pid: pid_t = 0
        let status = withCStrings(argv) { arguments in
            withCStrings(environment) { variables in
                posix_spawn(&pid, executable, &actions, &attributes, arguments, variables)
            }
        }
        guard status == 0 else {
            throw GraderError("cannot start \(executable): \(String(cString: strerror(status)))")
        }
        return pid
    }

    /// Waits for the process on a thread of its own (never on the cooperative pool) and kills its group at the deadline.
    private static func wait(for pid: pid_t, wallSeconds: Double) async -> (Int32, rusage) {
        let reaped = Mutex(false)
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().asyncAfter(deadline: .now() + wallSeconds) {
                reaped.withLock { if !$0 { _ = kill(-pid, SIGKILL) } }
            }
            Thread.detachNewThread {
                var status: Int32 = 0
                var usage = rusage()
                while wait4(pid, &status, 0, &usage) < 0, errno == EINTR {}
                reaped.withLock { done in
                    done = true
                    _ = kill(-pid, SIGKILL)
                }
                continuation.resume(returning: (status, usage))
            }
        }
    }
}

/// Calls `body` with a NULL-terminated C array of the strings.
private func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
    var pointers = strings.map { strdup($0) }
    pointers.append(nil)
    defer { pointers.forEach { free($0) } }
    return body(pointers)
}
