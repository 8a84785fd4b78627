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
        var mounts: [SandboxMount]
        var runtimeLibrary: String
        var wallSeconds: Double
    }

    /// Runs a built program once; `environment` adds to the sandbox's minimal one.
    func run(
        _ binary: String, arguments: [String] = [], input: String = "", environment: [String: String] = [:],
        context: RunContext
    ) async throws -> SandboxResult {
        var variables = SandboxRequest.defaultEnvironment
        variables.merge(environment) { $1 }
        let request = SandboxRequest(
            executable: binary, arguments: arguments, environment: variables, standardInput: Array(input.utf8),
            workDirectory: context.workDirectory, mounts: context.mounts,
            limits: SandboxLimits(
                cpuSeconds: context.wallSeconds * 2, wallSeconds: context.wallSeconds, memoryBytes: 768 << 20))
        return try await limiter.withPermit { try await runner.run(request) }
    }

    /// The environment that puts a run under the schedule-exploration runtime with `seed`.
    static func schedulerEnvironment(library: String, seed: SeedToken) -> [String: String] {
        ["LD_PRELOAD": library, "PSET_SCHED_SEED": seed.description, "PSET_SCHED_PERTURB": "1"]
    }

    /// The environment of a ThreadSanitizer run: report everything, then fail with a status of its own.
    static let sanitizerEnvironment = [
        "TSAN_OPTIONS": "halt_on_error=0 exitcode=66 report_signal_unsafe=0 history_size=4 second_deadlock_stack=1"
    ]
}
