import Foundation
import PsetModel
import PsetSandbox

extension Grader {
    /// The outcome of exploring schedules: how many ran, and the first (by seed order) that failed.
    struct Exploration: Sendable {
        var explored: Int
        var failure: (seed: SeedToken, finding: RunFinding)?
    }

    /// The schedules to explore: a seed to replay first, if any, then `count` schedules named by `label`.
    struct SchedulePlan: Sendable {
        var label: String
        var count: Int
        var replay: SeedToken?
        /// The bug depths the schedules explore in turn.
        var depths: [Int] = Grader.depthCycle

        /// The `index`th schedule, its change points among the first 2^`lengthBits` steps at most, or, one
        /// schedule in `Grader.focusedEvery`, among the first 2^`unlockedBits` accesses made holding no lock.
        func seed(_ index: Int, lengthBits: Int, unlockedBits: Int = 0) -> SeedToken {
            let focused = index % Grader.focusedEvery == Grader.focusedEvery - 1
            return SeedToken.schedule(
                label, index: index, depth: depths[index % depths.count],
                lengthBits: focused ? unlockedBits : lengthBits, focused: focused)
        }
    }

    /// One schedule in this many is focused: a race after long locked work (a check-then-act once the jobs are
    /// done) needs its one preemption among a few unlocked accesses, not among thousands of locked steps, while
    /// a trylock's dropped update needs one inside the critical section, which only the others reach.
    static let focusedEvery = 3

    /// The bug depths explored in turn: mostly one or two preemptions (an update lost between a read and its
    /// write, a check and its use), now and then none (an order of threads alone) or several.
    static let depthCycle = [2, 3, 1, 2, 3, 4, 2, 3, 2, 6]

    /// Fewest schedules a test with the schedules check explores.
    static let minimumSchedules = 25

    /// Most schedules per sandboxed batch. The fork server makes a schedule (about half a millisecond) far cheaper
    /// than setting up a sandbox and executing the program (about four), so batches are as large as keeping every
    /// core busy allows, up to what a batch that runs on after another one failed may waste (a tenth of a second).
    static let largestBatch = 250

    /// Schedules of the first batch, run before any other: how long they run sets where the others' change
    /// points may fall.
    static let measuringBatchSize = 5

    /// Runs `binary` once per schedule of `plan` under the scheduler runtime `library`, in batches run in
    /// parallel, until one fails.
    ///
    /// A first small batch runs alone and measures the program's length in steps; the rest place their
    /// change points within that length, which lands them where the threads are rather than long after the
    /// program ended. Its length is a function of the program and the plan, so a regrade explores the same
    /// schedules. Batches then start in seed order, each stops at its first failing run, and no batch starts
    /// after a failure; the failure reported is the first failing seed of the first failing batch, so it does
    /// not depend on which batch finished first.
    func explore(
        _ binary: String, library: String, arguments: [String], input: String, expectation: TaskTest.Expectation,
        plan: SchedulePlan, context: RunContext, progress: @escaping @Sendable (Int) -> Void
    ) async throws -> Exploration {
        let symbolizer = Symbolizer(executable: binary)
        let inputFile = try Self.inputFile(input, in: context.binaries)
        typealias Judged = (seed: SeedToken, finding: RunFinding, steps: Int?, unlocked: Int?)
        func judgedBatch(_ seeds: [SeedToken]) async throws -> [Judged] {
            let results = try await runBatch(
                binary, library: library, arguments: arguments, inputFile: inputFile, expectation: expectation,
                seeds: seeds, context: context)
            return zip(seeds, results).map { seed, result in
                // Parsed once, for the verdict and the run's length alike: a schedule costs a few hundred microseconds.
                let scheduler = SchedulerOutput(standardError: result.standardErrorText)
                return (
                    seed,
                    RunFinding(result: result, scheduler: scheduler, expectation: expectation, symbolizer: symbolizer),
                    scheduler.steps, scheduler.unlockedSteps
                )
            }
        }
        let measuring = min(plan.count, Self.measuringBatchSize)
        let first = try await judgedBatch(
            (plan.replay.map { [$0] } ?? []) + (0..<measuring).map { plan.seed($0, lengthBits: 0) })
        progress(first.count)
        if let failed = first.first(where: { !$0.finding.passed }) {
            return Exploration(explored: first.count, failure: (failed.seed, failed.finding))
        }
        // Measured on the plan's own schedules, so that replaying a seed first changes none of the others.
        let measured = first.dropFirst(plan.replay == nil ? 0 : 1)
        func bits(_ length: Int?) -> Int { (length ?? 0) > 0 ? Int.bitWidth - (length! - 1).leadingZeroBitCount : 0 }
        let lengthBits = bits(measured.compactMap(\.steps).max())
        let unlockedBits = bits(measured.compactMap(\.unlocked).max())
        let seeds = (measuring..<plan.count).map { plan.seed($0, lengthBits: lengthBits, unlockedBits: unlockedBits) }
        let window = max(2, ProcessInfo.processInfo.activeProcessorCount)
        let size = min(Self.largestBatch, max(1, (seeds.count + window - 1) / window))
        let batches = stride(from: 0, to: seeds.count, by: size).map { Array(seeds[$0..<min($0 + size, seeds.count)]) }
        return try await withThrowingTaskGroup(of: (Int, [Judged]).self) { group in
            var next = 0
            var explored = first.count
            var outcomes: [Int: [Judged]] = [:]
            func launch(_ index: Int) {
                group.addTask { (index, try await judgedBatch(batches[index])) }
            }
            while next < min(window, batches.count) {
                launch(next)
                next += 1
            }
            while let (index, runs) = try await group.next() {
                outcomes[index] = runs
                explored += runs.count
                progress(explored)
                let failed = outcomes.values.contains { $0.contains { !$0.finding.passed } }
                if !failed, next < batches.count {
                    launch(next)
                    next += 1
                }
            }
            for index in outcomes.keys.sorted() {
                if let failed = outcomes[index]!.first(where: { !$0.finding.passed }) {
                    return Exploration(explored: explored, failure: (failed.seed, failed.finding))
                }
            }
            return Exploration(explored: explored, failure: nil)
        }
    }

    /// Runs one batch of seeds in one sandboxed run of the batch driver and splits its output into runs;
    /// `environment` adds to the runtime's variables.
    func runBatch(
        _ binary: String, library: String, arguments: [String], inputFile: String,
        expectation: TaskTest.Expectation, seeds: [SeedToken], context: RunContext,
        environment: [String: String] = [:]
    ) async throws -> [SandboxResult] {
        let milliseconds = Int(context.wallSeconds * 1000)
        let driverArguments =
            [
                library, String(milliseconds), inputFile, String(context.harnessStatus ?? expectation.exitStatus),
                seeds.map(\.description).joined(separator: ","), "--", binary,
            ] + arguments
        let batch = try await run(
            context.runtime.batchDriver, arguments: driverArguments,
            environment: environment.merging(["PSET_SCHED_PERTURB": "1", "PSET_SCHED_CPU": "slot"]) { $1 },
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
