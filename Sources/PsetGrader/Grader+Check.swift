import Foundation
import PsetModel
import PsetSandbox

extension Grader {
    /// Runs the thread-safety checks on any C program with a `main` (`pset check`).
    ///
    /// The ThreadSanitizer build runs once, then the plain build under `schedules` schedules; with
    /// `seed`, only that schedule runs, to replay it. Throws only when the grader itself cannot work.
    public func check(
        files: [SourceFile], arguments: [String] = [], schedules: Int = 100, seed: String? = nil,
        wallSeconds: Double = 10, progress: @escaping @Sendable (GradingProgress) -> Void = { _ in }
    ) async throws -> ProgramCheckReport {
        let replay = try seed.map { text in
            guard let token = SeedToken(text) else {
                throw GraderError("\(text) is not a schedule seed (they look like s1-0123456789abcdef)")
            }
            return token
        }
        let sources = files.filter { $0.name.hasSuffix(".c") }
        guard !sources.isEmpty else { throw GraderError("give at least one .c file to check") }
        let runtime = try await SchedulerRuntime.shared.files()
        let recipe = BuildRecipe(
            studentFiles: sources, givenFiles: files.filter { !$0.name.hasSuffix(".c") }, harnesses: [nil],
            sanitized: replay == nil ? [0] : [], explored: [0], explorationLibrary: runtime.explorationLibrary)
        let binaries = try TemporaryDirectory.make(prefix: "pset-bin")
        defer { TemporaryDirectory.remove(binaries) }
        progress(.compiling)
        let built: BuiltPrograms
        switch try await build(recipe, into: binaries) {
        case .failed(let messages): return ProgramCheckReport(verdict: .compileError, runs: 0, report: messages)
        case .built(let programs): built = programs
        }
        let expectation = TaskTest.Expectation(exitStatus: 0)
        return try await runner.withWorkDirectory { directory in
            let context = RunContext(
                workDirectory: directory,
                binaries: binaries, runtime: runtime,
                wallSeconds: wallSeconds)
            var runs = 0
            // A race found goes on to the schedules, which may show what it leads to; that comes first.
            var race: RaceReport?
            if replay == nil {
                progress(.testing(test: "program", check: "races"))
                let result = try await run(
                    built.sanitized(0), arguments: arguments, environment: Self.sanitizerEnvironment, context: context)
                runs += 1
                race = RaceReport(
                    output: result.standardErrorText, studentFiles: Set(sources.map(\.name)), sources: files,
                    binary: built.sanitized(0))
            }
            let plan = SchedulePlan(label: "check", count: replay == nil ? max(1, schedules) : 0, replay: replay)
            let total = plan.count + (replay == nil ? 0 : 1)
            progress(.schedules(test: "program", explored: 0, total: total))
            let exploration = try await explore(
                built.explored(0), library: runtime.explorationLibrary, arguments: arguments, input: "",
                expectation: expectation, plan: plan, context: context
            ) { progress(.schedules(test: "program", explored: $0, total: total)) }
            runs += exploration.explored
            guard let (seed, finding) = exploration.failure else {
                if let race {
                    return ProgramCheckReport(
                        verdict: race.isLockOrderInversion ? .deadlock : .race, runs: runs,
                        report: race.summary, detail: race.raw)
                }
                let message =
                    replay.map { "schedule \($0) ran to a clean exit" }
                    ?? "no problem found: no data race, and \(exploration.explored) schedules ran to a clean exit"
                return ProgramCheckReport(verdict: .ok, runs: runs, report: message)
            }
            let verdict: ProgramCheckReport.Verdict =
                switch finding.kind {
                case .deadlock: .deadlock
                case .timeout: .timeout
                case .crash, .limit: .crash
                case .race: .race
                case .ok, .failed, .wrongOutput, .assertion: .assertion
                }
            let detail = finding.detail.map { "\n\n" + $0 } ?? ""
            let alsoFound = race.map { "\nalso found: \($0.summary)" } ?? ""
            return ProgramCheckReport(
                verdict: verdict, runs: runs, seed: seed.description,
                report:
                    "\(finding.message)\nreplay it: pset check \(sources.map(\.name).joined(separator: " ")) --seed \(seed)\(alsoFound)\(detail)",
                detail: race?.raw)
        }
    }
}
