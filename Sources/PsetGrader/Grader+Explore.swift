import Foundation
import PsetModel
import PsetSandbox

extension Grader {
    /// The outcome of exploring schedules: how many ran, and the first (by seed order) that failed.
    struct Exploration: Sendable {
        var explored: Int
        var failure: (seed: SeedToken, finding: RunFinding)?
    }

    /// Seeds per sandboxed batch: enough to pay for the sandbox's set-up, few enough to show progress.
    static let batchSize = 25

    /// Runs `binary` once per seed under the scheduler runtime, in batches run in parallel, until one fails.
    ///
    /// Batches start in seed order, each stops at its first failing run, and no batch starts after a
    /// failure; the failure reported is the first failing seed of the first failing batch, so it does not
    /// depend on which batch finished first.
    func explore(
        _ binary: String, arguments: [String], input: String, expectation: TaskTest.Expectation, seeds: [SeedToken],
        context: RunContext, progress: @escaping @Sendable (Int) -> Void
    ) async throws -> Exploration {
        let symbolizer = Symbolizer(executable: binary)
        let inputFile = try Self.inputFile(input, in: context.binaries)
        let batches = stride(from: 0, to: seeds.count, by: Self.batchSize).map {
            Array(seeds[$0..<min($0 + Self.batchSize, seeds.count)])
        }
        let window = max(2, ProcessInfo.processInfo.activeProcessorCount)
        return try await withThrowingTaskGroup(of: (Int, [RunFinding]).self) { group in
            var next = 0
            var explored = 0
            var outcomes: [Int: [RunFinding]] = [:]
            func launch(_ index: Int) {
                group.addTask {
                    let results = try await runBatch(
                        binary, arguments: arguments, inputFile: inputFile, expectation: expectation,
                        seeds: batches[index], context: context)
                    return (
                        index, results.map { RunFinding(result: $0, expectation: expectation, symbolizer: symbolizer) }
                    )
                }
            }
            while next < min(window, batches.count) {
                launch(next)
                next += 1
            }
            while let (index, findings) = try await group.next() {
                outcomes[index] = findings
                explored += findings.count
                progress(explored)
                let failed = outcomes.values.contains { $0.contains { !$0.passed } }
                if !failed, next < batches.count {
                    launch(next)
                    next += 1
                }
            }
            for index in outcomes.keys.sorted() {
                if let position = outcomes[index]!.firstIndex(where: { !$0.passed }) {
                    return Exploration(
                        explored: explored, failure: (batches[index][position], outcomes[index]![position]))
                }
            }
            return Exploration(explored: explored, failure: nil)
        }
    }

    /// Runs one batch of seeds in one sandboxed run of the batch driver and splits its output into runs.
    private func runBatch(
        _ binary: String, arguments: [String], inputFile: String, expectation: TaskTest.Expectation,
        seeds: [SeedToken], context: RunContext
    ) async throws -> [SandboxResult] {
        let milliseconds = Int(context.wallSeconds * 1000)
        let driverArguments =
            [
                context.runtime.library, String(milliseconds), inputFile,
                String(context.harnessStatus ?? expectation.exitStatus),
                seeds.map(\.description).joined(separator: ","), "--", binary,
            ] + arguments
        let batch = try await run(
            context.runtime.batchDriver, arguments: driverArguments,
            environment: ["PSET_SCHED_PERTURB": "1", "PSET_SCHED_CPU": "slot"],
            context: context, wallSeconds: context.wallSeconds * Double(seeds.count + 1) + 10,
            outputBytes: 8 << 20)
        var results = BatchOutput.parse(batch.standardOutput, wallSeconds: context.wallSeconds).map(context.judged)
        let stopped = results.last.map { !$0.termination.isSuccess || $0.limitHit != nil } ?? false
        if results.count < seeds.count, !stopped, batch.limitHit != nil || !batch.termination.isSuccess {
            let reason = batch.limitHit?.message ?? "the run ended with \(batch.termination)"
            results.append(
                SandboxResult(
                    termination: batch.termination, cpuSeconds: 0, wallSeconds: 0, peakMemoryBytes: 0,
                    standardOutput: [], standardOutputTruncated: false, standardError: Array(reason.utf8),
                    standardErrorTruncated: false, limitHit: batch.limitHit, processes: batch.processes,
                    ipc: batch.ipc, isolation: batch.isolation))
        }
        return results
    }

    /// A read-only file in the binaries directory holding `input`, for the batch driver to feed each run.
    static func inputFile(_ input: String, in directory: String) throws -> String {
        let hash = input.utf8.reduce(UInt64(0xcbf2_9ce4_8422_2325)) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
        let path = "\(directory)/input-\(String(hash, radix: 16))"
        if !FileManager.default.fileExists(atPath: path) {
            let staging = path + "-\(UInt32.random(in: 0...UInt32.max))"
            try Data(input.utf8).write(to: URL(fileURLWithPath: staging))
            chmod(staging, 0o644)
            rename(staging, path)
        }
        return path
    }
}
