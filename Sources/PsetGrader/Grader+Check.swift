import Foundation
import PsetModel
import PsetSandbox

extension Grader {
    /// Runs the thread-safety checks on any C program with a `main` (`pset check`).
    ///
    /// The plain build runs first, under `schedules` schedules, so that a deadlock is named at once; then the
    /// ThreadSanitizer build runs once, following the first failing schedule (else the first), and records the
    /// order in which its threads take locks. A cycle in that order that no explored schedule deadlocked on is
    /// tried on more schedules; one that still never deadlocks is a warning. With `seed`, only that schedule
    /// runs, on both builds, to replay it. Throws only when the grader itself cannot work.
    ///
    /// - Parameters:
    ///   - sources: the `.c` files to compile and link.
    ///   - companions: files the sources include (headers, or anything else), written beside them.
    public func check(
        sources: [SourceFile], companions: [SourceFile] = [], arguments: [String] = [], input: String = "",
        schedules: Int = 100, seed: String? = nil, wallSeconds: Double = 10,
        progress: @escaping @Sendable (GradingProgress) -> Void = { _ in }
    ) async throws -> ProgramCheckReport {
        let replay = try seed.map { text in
            guard let token = SeedToken(text) else {
                throw GraderError("\(text) is not a schedule seed (they look like s1-0123456789abcdef)")
            }
            return token
        }
        guard !sources.isEmpty else { throw GraderError("give at least one .c file to check") }
        let runtime = try await SchedulerRuntime.shared.files()
        let recipe = BuildRecipe(
            studentFiles: sources, headers: companions, support: [], harnesses: [nil], sanitized: [0],
            explored: [0], explorationLibrary: runtime.explorationLibrary)
        let binaries = try TemporaryDirectory.make(prefix: "pset-bin")
        defer { TemporaryDirectory.remove(binaries) }
        progress(.compiling)
        let built: BuiltPrograms
        switch try await build(recipe, rules: nil, into: binaries) {
        case .failed(let messages): return ProgramCheckReport(verdict: .compileError, runs: 0, report: messages)
        case .refused(let violations):
            return ProgramCheckReport(verdict: .compileError, runs: 0, report: violations.joined(separator: "\n"))
        case .built(let programs): built = programs
        }
        let run = CheckRun(
            built: built, sources: sources, companions: companions, arguments: arguments, input: input,
            replay: replay)
        return try await runner.withWorkDirectory { directory in
            let context = RunContext(
                workDirectory: directory, binaries: binaries, runtime: runtime, wallSeconds: wallSeconds)
            return try await check(run, schedules: schedules, context: context, progress: progress)
        }
    }

    /// What one `pset check` works on.
    private struct CheckRun: Sendable {
        var built: BuiltPrograms
        var sources: [SourceFile]
        var companions: [SourceFile]
        var arguments: [String]
        var input: String
        var replay: SeedToken?

        /// The command that replays `seed`.
        func replayCommand(_ seed: SeedToken) -> String {
            let files = sources.map(\.name).joined(separator: " ")
            let tail = arguments.isEmpty ? "" : " -- " + arguments.joined(separator: " ")
            let stdin = input.isEmpty ? "" : " (with the same standard input)"
            return "pset check \(files) --seed \(seed)\(tail)\(stdin)"
        }
    }

    /// How many more schedules a predicted deadlock, or a race no schedule has yet made fail, may take to show
    /// what it leads to.
    static let confirmationSchedules = 1000

    private func check(
        _ run: CheckRun, schedules: Int, context: RunContext, progress: @escaping @Sendable (GradingProgress) -> Void
    ) async throws -> ProgramCheckReport {
        let explored = run.built.explored(0)
        let library = context.runtime.explorationLibrary
        let plan = SchedulePlan(label: "check", count: run.replay == nil ? max(1, schedules) : 0, replay: run.replay)
        /// Runs `plan`'s schedules of the explored build, reporting progress as `test`'s, of `total`.
        func runSchedules(_ plan: SchedulePlan, test: String, total: Int) async throws -> Exploration {
            try await explore(
                explored, library: library, arguments: run.arguments, input: run.input,
                expectation: TaskTest.Expectation(exitStatus: 0), plan: plan, context: context
            ) { progress(.schedules(test: test, explored: $0, total: total)) }
        }
        let exploration = try await runSchedules(plan, test: "program", total: plan.count + (run.replay == nil ? 0 : 1))
        var runs = exploration.explored
        var findings: [(finding: ProgramCheckReport.Finding, detail: String?)] = []
        let target = TraceTarget(
            binary: explored, library: library, arguments: run.arguments, input: run.input,
            expectation: TaskTest.Expectation(exitStatus: 0), studentFiles: Set(run.sources.map(\.name)),
            sources: run.sources + run.companions)
        // A schedule already run, told again: not counted among the runs that checked the program.
        func traced(_ seed: SeedToken) async throws -> [TraceStep]? {
            let steps = try await trace(seed, of: target, context: context)
            return steps.isEmpty ? nil : steps
        }
        if let (seed, failure) = exploration.failure {
            var found = Self.finding(failure, seed: seed)
            if failure.tellsItsSteps { found.finding.trace = try await traced(seed) }
            findings.append(found)
        }

        progress(.testing(test: "program", check: "races"))
        let raceSeed = exploration.failure?.seed ?? run.replay ?? SeedToken.sequence("check", index: 0)
        let sanitized = try await self.run(
            run.built.sanitized(0), arguments: run.arguments, input: run.input,
            environment: Self.sanitizerEnvironment.merging([
                "LD_PRELOAD": context.runtime.library, "PSET_SCHED_SEED": raceSeed.description,
                "PSET_SCHED_PERTURB": "1", "PSET_SCHED_CPU": "slot", "PSET_SCHED_LOCKORDER": "1",
            ]) { $1 }, context: context)
        runs += 1
        let studentFiles = Set(run.sources.map(\.name))
        var races: [String] = []
        for warning in SanitizerWarning.parse(sanitized.standardErrorText) {
            guard
                let race = RaceReport(
                    output: warning.text, studentFiles: studentFiles, sources: run.sources + run.companions,
                    binary: run.built.sanitized(0)), !races.contains(race.summary)
            else { continue }
            races.append(race.summary)
            // ThreadSanitizer sees only the locks the runtime leaves to the kernel (those in shared memory), and
            // knows nothing of gate locks: its lock-order report is a warning, like an unconfirmed cycle.
            let kind: ProgramCheckReport.Finding.Kind = race.isLockOrderInversion ? .potentialDeadlock : .race
            findings.append((.init(kind: kind, message: race.summary, seed: raceSeed.description), race.raw))
        }

        // A race whose consequence no schedule showed yet: it often needs two preemptions, a few hundred schedules
        // further on. Found, the failure leads the report and the race stays beside it.
        if run.replay == nil, exploration.failure == nil, findings.contains(where: { $0.finding.kind == .race }) {
            let count = Self.confirmationSchedules
            let followUp = try await runSchedules(
                SchedulePlan(label: "check race", count: count), test: "race", total: count)
            runs += followUp.explored
            if let (seed, failure) = followUp.failure { findings.append(Self.finding(failure, seed: seed)) }
        }

        let graph = LockOrderGraph(standardError: sanitized.standardErrorText)
        if run.replay == nil, !findings.contains(where: { $0.finding.kind == .deadlock }),
            let cycle = graph.deadlockCycle()
        {
            let predicted = LockOrderGraph.describe(
                cycle, symbolizer: Symbolizer(executable: run.built.sanitized(0)),
                sources: run.sources + run.companions)
            let confirmations = Self.confirmationSchedules
            let confirmation = try await runSchedules(
                SchedulePlan(label: "check deadlock", count: confirmations), test: "deadlock", total: confirmations)
            runs += confirmation.explored
            let found = confirmation.failure.map { Self.finding($0.finding, seed: $0.seed) }
            if var confirmed = found, confirmed.finding.kind == .deadlock, let seed = confirmation.failure?.seed {
                confirmed.detail = [predicted, confirmed.detail].compactMap { $0 }.joined(separator: "\n")
                confirmed.finding.trace = try await traced(seed)
                findings.append(confirmed)
            } else {
                // Another failure stopped the search: worth showing if it is a kind not found before.
                if let found, !findings.contains(where: { $0.finding.kind == found.finding.kind }) {
                    findings.append(found)
                }
                let tried = exploration.explored + confirmation.explored
                findings.append(
                    (
                        .init(
                            kind: .potentialDeadlock,
                            message:
                                "potential deadlock (a warning: none of \(tried) schedules deadlocked): \(predicted)"),
                        nil
                    ))
            }
        }

        // Most serious first; findings of one kind stay in the order they were found.
        findings = findings.enumerated().sorted {
            ($0.element.finding.kind, $0.offset) < ($1.element.finding.kind, $1.offset)
        }
        .map(\.element)
        guard let first = findings.first, let verdict = first.finding.kind.verdict else {
            let clean =
                run.replay.map { "schedule \($0) ran to a clean exit, with no data race" }
                ?? "no problem found: no data race, and \(exploration.explored) schedules ran to a clean exit"
            let warnings = findings.map(\.finding.message)
            return ProgramCheckReport(
                verdict: .ok, runs: runs, report: ([clean] + warnings).joined(separator: "\n"),
                findings: findings.map(\.finding))
        }
        var lines = [first.finding.message]
        if let seed = first.finding.seed.flatMap(SeedToken.init) {
            lines.append("replay it: \(run.replayCommand(seed))")
        }
        // A sanitizer's report is long and raw: it stays in the details. Who waited on what belongs in the report.
        let isRace = first.finding.kind == .race
        if !isRace, let detail = first.detail { lines.append("\n" + detail) }
        let others = findings.dropFirst().map(\.finding)
        if !others.isEmpty {
            lines.append("also found:")
            lines += others.map { "- \($0.message)\($0.seed.map { " (schedule \($0))" } ?? "")" }
        }
        return ProgramCheckReport(
            verdict: verdict, runs: runs, seed: first.finding.seed, report: lines.joined(separator: "\n"),
            detail: isRace ? first.detail : nil, trace: first.finding.trace, findings: findings.map(\.finding))
    }

    /// A failing run as a finding of `pset check`, with its longer evidence.
    private static func finding(
        _ failure: RunFinding, seed: SeedToken
    ) -> (finding: ProgramCheckReport.Finding, detail: String?) {
        let kind: ProgramCheckReport.Finding.Kind =
            switch failure.kind {
            case .deadlock: .deadlock
            case .timeout: .timeout
            case .crash, .limit: .crash
            case .race: .race
            case .ok, .failed, .wrongOutput, .assertion: .assertion
            }
        return (.init(kind: kind, message: failure.message, seed: seed.description), failure.detail)
    }
}
