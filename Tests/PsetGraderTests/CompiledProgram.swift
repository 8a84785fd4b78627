import Foundation
import PsetModel

@testable import PsetGrader

/// A C program built with the grader's flags, run directly under the scheduler runtime.
struct CompiledProgram {
    let binary: String

    /// How one run ended, and what it wrote.
    struct Run {
        var status: Int32
        var errors: String
        var output: String
    }

    init(_ source: SourceFile) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pset-test-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try source.contents.write(toFile: "\(directory)/\(source.name)", atomically: true, encoding: .utf8)
        binary = "\(directory)/program"
        let gcc = try Self.execute(
            "/usr/bin/gcc", BuildRecipe.flags + ["-o", binary, "\(directory)/\(source.name)"], environment: [:])
        guard gcc.status == 0 else { throw GraderError("gcc failed: \(gcc.errors)") }
    }

    /// Runs the program under the runtime with `seed`: `calm` as the grader's single runs of a test are,
    /// `perturbed` as explored schedules are.
    func run(
        seed: String, arguments: [String] = [], trace: Bool = false, calm: Bool = false, perturbed: Bool = false
    ) async throws -> Run {
        var environment = ["PSET_SCHED_SEED": seed, "LD_PRELOAD": try await SchedulerRuntime.shared.libraryPath()]
        if trace { environment["PSET_SCHED_TRACE"] = "1" }
        if calm { environment["PSET_SCHED_CALM"] = "1" }
        if perturbed { environment["PSET_SCHED_PERTURB"] = "1" }
        return try Self.execute(binary, arguments, environment: environment)
    }

    /// The sequence of threads the runtime chose, one letter per decision.
    func schedule(seed: String, calm: Bool = false) async throws -> String {
        try await summary(seed: seed, calm: calm)["schedule"] ?? ""
    }

    /// The runtime's end-of-run summary (`steps`, `switches`, `trace`, `schedule`).
    func summary(seed: String, calm: Bool = false) async throws -> [String: String] {
        SchedulerOutput(standardError: try await run(seed: seed, trace: true, calm: calm).errors).summary
    }

    private static func execute(_ executable: String, _ arguments: [String], environment: [String: String]) throws
        -> Run
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ["PATH": "/usr/bin:/bin"].merging(environment) { $1 }
        let errors = FileManager.default.temporaryDirectory.appendingPathComponent("pset-test-\(UUID()).err")
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("pset-test-\(UUID()).out")
        FileManager.default.createFile(atPath: errors.path, contents: nil)
        FileManager.default.createFile(atPath: output.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: errors)
            try? FileManager.default.removeItem(at: output)
        }
        process.standardError = try FileHandle(forWritingTo: errors)
        process.standardOutput = try FileHandle(forWritingTo: output)
        try process.run()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, errors: try String(contentsOf: errors, encoding: .utf8),
            output: try String(contentsOf: output, encoding: .utf8))
    }
}
