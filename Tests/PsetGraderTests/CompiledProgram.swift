import Foundation
import PsetModel
import PsetSandbox

@testable import PsetGrader

/// A C program built with the grader's flags, run directly under the scheduler runtime; its build
/// directory goes when the test is done with it.
final class CompiledProgram {
    let binary: String
    private let directory: String
    /// The runtime library runs preload: the exploration library for an explored build, else the scheduler.
    private let library: String

    /// How one run ended, and what it wrote.
    struct Run {
        var status: Int32
        var errors: String
        var output: String
    }

    /// Builds `source` as the plain build is, or, `explored`, as the explored build is: instrumented, and linked
    /// with the exploration library.
    init(_ source: SourceFile, explored: Bool = false) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("pset-test-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try source.contents.write(toFile: "\(directory)/\(source.name)", atomically: true, encoding: .utf8)
        binary = "\(directory)/program"
        let runtime = try await SchedulerRuntime.shared.files()
        library = explored ? runtime.explorationLibrary : runtime.library
        let object = "\(directory)/program.o"
        let compile = BuildRecipe.flags + (explored ? BuildRecipe.explorationFlags : [])
        for arguments in [
            compile + ["-c", "-o", object, "\(directory)/\(source.name)"],
            BuildRecipe.flags + ["-o", binary, object] + (explored ? [library] : []),
        ] {
            let gcc = try execute("/usr/bin/gcc", arguments, environment: [:])
            guard gcc.status == 0 else { throw GraderError("gcc failed: \(gcc.errors)") }
        }
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    /// Runs the program under the runtime with `seed`: `calm` as the grader's single runs of a test are,
    /// `perturbed` as explored schedules are.
    func run(
        seed: String, arguments: [String] = [], trace: Bool = false, calm: Bool = false, perturbed: Bool = false
    ) async throws -> Run {
        var environment = ["PSET_SCHED_SEED": seed, "LD_PRELOAD": library]
        if trace { environment["PSET_SCHED_TRACE"] = "1" }
        if calm { environment["PSET_SCHED_CALM"] = "1" }
        if perturbed { environment["PSET_SCHED_PERTURB"] = "1" }
        return try execute(binary, arguments, environment: environment)
    }

    /// Runs the program once per seed through the batch driver, one exec serving them all as a fork server, as
    /// explored schedules run, each with `input` as its standard input, stopping at the first that does not exit
    /// with `expected`. A run's status is its exit status, or the number of the signal that ended it, as for a run on
    /// its own.
    func batch(
        seeds: [String], arguments: [String] = [], input: String = "", environment: [String: String] = [:],
        expected: Int32 = 0
    ) async throws -> [Run] {
        let driver = try await SchedulerRuntime.shared.files().batchDriver
        let inputFile = "\(directory)/input-\(UUID())"
        try input.write(toFile: inputFile, atomically: false, encoding: .utf8)
        let result = try execute(
            driver,
            [library, "10000", inputFile, String(expected), seeds.joined(separator: ","), "--", binary] + arguments,
            environment: environment)
        return BatchOutput.parse(Array(result.output.utf8), wallSeconds: 10).map {
            let status: Int32
            switch $0.termination {
            case .exited(let code), .signaled(let code): status = code
            }
            return Run(status: status, errors: $0.standardErrorText, output: $0.standardOutputText)
        }
    }

    /// The first `count` seeds of the schedule plan `label`, each with its run through the fork server and its run
    /// on its own; only as many as the batch ran.
    func servedAndAlone(
        label: String, count: Int, lengthBits: Int
    ) async throws -> [(seed: String, served: Run, alone: Run)] {
        let seeds = Self.seeds(label: label, count: count, lengthBits: lengthBits)
        var runs: [(seed: String, served: Run, alone: Run)] = []
        for (seed, served) in zip(seeds, try await batch(seeds: seeds)) {
            runs.append((seed, served, try await run(seed: seed)))
        }
        return runs
    }

    /// The first `count` seeds of the schedule plan `label`, for runs `lengthBits` long.
    static func seeds(label: String, count: Int, lengthBits: Int) -> [String] {
        let plan = Grader.SchedulePlan(label: label, count: count)
        return (0..<count).map { plan.seed($0, lengthBits: lengthBits).description }
    }

    /// The sequence of threads the runtime chose, one letter per decision.
    func schedule(seed: String, calm: Bool = false) async throws -> String {
        try await summary(seed: seed, calm: calm)["schedule"] ?? ""
    }

    /// The runtime's end-of-run summary (`steps`, `switches`, `trace`, `schedule`).
    func summary(seed: String, calm: Bool = false) async throws -> [String: String] {
        SchedulerOutput(standardError: try await run(seed: seed, trace: true, calm: calm).errors).summary
    }

    /// Runs `executable` to its end, its output and errors caught in files of the build directory.
    private func execute(_ executable: String, _ arguments: [String], environment: [String: String]) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ["PATH": "/usr/bin:/bin"].merging(environment) { $1 }
        let name = "\(directory)/run-\(UUID())"
        guard FileManager.default.createFile(atPath: name + ".out", contents: nil),
            FileManager.default.createFile(atPath: name + ".err", contents: nil)
        else { throw GraderError("cannot create the output files of a run in \(directory)") }
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: name + ".out"))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: name + ".err"))
        try process.run()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, errors: try String(contentsOfFile: name + ".err", encoding: .utf8),
            output: try String(contentsOfFile: name + ".out", encoding: .utf8))
    }
}
