import Foundation
import PsetModel

@testable import PsetGrader

/// A C program built with the grader's flags, run directly under the scheduler runtime.
struct CompiledProgram {
    let binary: String

    init(_ source: SourceFile) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pset-test-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try source.contents.write(toFile: "\(directory)/\(source.name)", atomically: true, encoding: .utf8)
        binary = "\(directory)/program"
        let gcc = try Self.execute(
            "/usr/bin/gcc", BuildRecipe.flags + ["-o", binary, "\(directory)/\(source.name)"], environment: [:])
        guard gcc.status == 0 else { throw GraderError("gcc failed: \(gcc.errors)") }
    }

    /// Runs the program under the runtime with `seed`; `calm` as the grader's single runs of a test are.
    func run(seed: String, trace: Bool = false, calm: Bool = false) async throws -> (status: Int32, errors: String) {
        var environment = ["PSET_SCHED_SEED": seed, "LD_PRELOAD": try await SchedulerRuntime.shared.libraryPath()]
        if trace { environment["PSET_SCHED_TRACE"] = "1" }
        if calm { environment["PSET_SCHED_CALM"] = "1" }
        return try Self.execute(binary, [], environment: environment)
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
        -> (status: Int32, errors: String)
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ["PATH": "/usr/bin:/bin"].merging(environment) { $1 }
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let data = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
