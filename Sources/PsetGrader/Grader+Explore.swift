import Foundation
import PsetModel

extension Grader {
    /// The outcome of exploring schedules: how many ran, and the first (by seed order) that failed.
    struct Exploration: Sendable {
        var explored: Int
        var failure: (seed: SeedToken, finding: RunFinding)?
    }

    /// Runs `binary` once per seed under the scheduler runtime, two at a time, until one fails or all pass.
    ///
    /// Seeds start in order and a failure stops new ones; every seed before the first failing one has
    /// then run, so the failure reported does not depend on which run finished first.
    func explore(
        _ binary: String, arguments: [String], input: String, expectation: TaskTest.Expectation, seeds: [SeedToken],
        context: RunContext, progress: @escaping @Sendable (Int) -> Void
    ) async throws -> Exploration {
        let symbolizer = Symbolizer(executable: binary)
        let window = 4
        return try await withThrowingTaskGroup(of: (Int, RunFinding).self) { group in
            var next = 0
            var explored = 0
            var failures: [Int: RunFinding] = [:]
            while next < min(window, seeds.count) {
                let index = next
                group.addTask {
                    let environment = Self.schedulerEnvironment(library: context.runtimeLibrary, seed: seeds[index])
                    let result = try await run(
                        binary, arguments: arguments, input: input, environment: environment, context: context)
                    return (index, RunFinding(result: result, expectation: expectation, symbolizer: symbolizer))
                }
                next += 1
            }
            while let (index, finding) = try await group.next() {
                explored += 1
                progress(explored)
                if !finding.passed { failures[index] = finding }
                if failures.isEmpty, next < seeds.count {
                    let launched = next
                    group.addTask {
                        let environment = Self.schedulerEnvironment(
                            library: context.runtimeLibrary, seed: seeds[launched])
                        let result = try await run(
                            binary, arguments: arguments, input: input, environment: environment, context: context)
                        return (launched, RunFinding(result: result, expectation: expectation, symbolizer: symbolizer))
                    }
                    next += 1
                }
            }
            guard let first = failures.keys.min() else { return Exploration(explored: explored, failure: nil) }
            return Exploration(explored: explored, failure: (seeds[first], failures[first]!))
        }
    }
}
