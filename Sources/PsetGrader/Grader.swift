import Foundation
import PsetModel
import PsetSandbox

/// Grades C submissions: compiles them in the sandbox, runs their tests, and checks their thread and process safety.
///
/// Independent runs proceed in parallel, one per core. The schedules explored are fixed by the test
/// names, so the same submission always gets the same score.
public struct Grader: Sendable {
    let runner: any ProgramRunner
    let limiter: RunLimiter

    /// A grader running everything in `sandbox`, with as many runs at once as the machine has cores.
    public init(sandbox: Sandbox = Sandbox(), parallelism: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.init(runner: SandboxProgramRunner(sandbox: sandbox), parallelism: parallelism)
    }

    init(runner: any ProgramRunner, parallelism: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.runner = runner
        self.limiter = RunLimiter(permits: parallelism)
    }

    /// What a run of the submission sees besides its working directory: the binaries and the runtime, read-only.
    struct RunContext: Sendable {
        var workDirectory: String
        /// The grader-owned directory of the binaries (and of the standard input of batched runs).
        var binaries: String
        var runtime: SchedulerRuntime.Files
        var wallSeconds: Double
        /// The exit status that alone shows a test harness ran to its end (see `Runtime/pset_harness_entry.c`);
        /// nil for a program that is the submission's own.
        var harnessStatus: Int32?

        var mounts: [SandboxMount] {
            [SandboxMount(hostPath: binaries), SandboxMount(hostPath: runtime.directory)]
        }

        /// What the program's runs must be started with, besides the test's own environment.
        var harnessEnvironment: [String: String] {
            harnessStatus.map { ["PSET_HARNESS_STATUS": String($0)] } ?? [:]
        }

        /// A run of a harnessed program as the tests judge it: the harness's status is a clean exit, and any
        /// other way of ending with status 0 is the submission cutting the test short.
        func judged(_ result: SandboxResult) -> SandboxResult {
            guard let harnessStatus, case .exited(let status) = result.termination else { return result }
            var judged = result
            if status == harnessStatus {
                judged.termination = .exited(0)
            } else if status == 0 {
                judged.termination = .exited(Grader.endedEarlyStatus)
                judged.standardError += Array(
                    "\nthe program ended with status 0 before the test finished: a submission's code must not end the process\n"
                        .utf8)
            }
            return judged
        }
    }

    /// The status a run cut short by the submission is recorded with.
    static let endedEarlyStatus: Int32 = 1

    /// A status for this grading's harnesses to end a passing test with, drawn afresh each time, so the
    /// submission cannot know it; never one that a tool or the runtime uses (ThreadSanitizer's 66, the scheduler's
    /// 86 and 87, a missing status's 70).
    static func drawHarnessStatus() -> Int32 {
        let reserved: Set<Int32> = [66, 70, 86, 87]
        while true {
            let status = Int32.random(in: 3...125)
            if !reserved.contains(status) { return status }
        }
    }

    /// Runs a built program once; `environment` adds to the sandbox's minimal one.
    ///
    /// `wallSeconds` defaults to the context's; the process limit leaves room for a task's 64 children.
    func run(
        _ binary: String, arguments: [String] = [], input: String = "", environment: [String: String] = [:],
        context: RunContext, wallSeconds: Double? = nil, outputBytes: Int = 1 << 20
    ) async throws -> SandboxResult {
        var variables = SandboxRequest.defaultEnvironment
        variables.merge(environment) { $1 }
        variables.merge(context.harnessEnvironment) { $1 }
        let wall = wallSeconds ?? context.wallSeconds
        let request = SandboxRequest(
            executable: binary, arguments: arguments, environment: variables, standardInput: Array(input.utf8),
            workDirectory: context.workDirectory, mounts: context.mounts,
            limits: SandboxLimits(
                cpuSeconds: wall * 2, wallSeconds: wall, memoryBytes: 768 << 20, processes: 200,
                outputBytes: outputBytes))
        return try await limiter.withPermit { slot in
            var pinned = request
            if pinned.environment["PSET_SCHED_CPU"] != nil { pinned.environment["PSET_SCHED_CPU"] = String(slot) }
            return try await runner.run(pinned)
        }
    }

    /// The environment of a ThreadSanitizer run: report everything, then fail with a status of its own.
    ///
    /// ThreadSanitizer sleeps a second before exiting while another thread lives, and under the scheduler the
    /// runtime's watchdog always does; `atexit_sleep_ms=0` spares every scheduled run that second.
    static let sanitizerEnvironment = sanitizerEnvironment(logPath: nil)

    /// The same, with the reports written to files named `logPath.PID` rather than to standard error, where
    /// the submission, which shares the process, cannot hide or forge them.
    static func sanitizerEnvironment(logPath: String?) -> [String: String] {
        let options =
            "halt_on_error=0 exitcode=66 report_signal_unsafe=0 history_size=4 second_deadlock_stack=1 atexit_sleep_ms=0"
        return ["TSAN_OPTIONS": options + (logPath.map { " log_path=\($0)" } ?? "")]
    }
}
