import Foundation
import PsetModel
import PsetSandbox

extension Grader {
    /// Grades a submission of a coding problem; every outcome, even the grader's own failure, is a report.
    ///
    /// - Parameters:
    ///   - problem: a problem whose content is a coding task.
    ///   - files: the submitted files, named as the task's starter files.
    ///   - seed: a schedule (`s1-...`) each schedule check runs first, to replay a failure.
    ///   - progress: called as the work advances, from any task.
    public func grade(
        _ problem: Problem, files: [SourceFile], seed: String? = nil,
        progress: @escaping @Sendable (GradingProgress) -> Void = { _ in }
    ) async -> GradingReport {
        guard let task = problem.codingTask else {
            return GradingReport(
                score: 0, maxScore: problem.points, verdict: .error, checks: [],
                compilerOutput: "\(problem.id) is not a coding task")
        }
        return await grade(task, problemID: problem.id, files: files, seed: seed, progress: progress)
    }

    /// Grades a submission of `task`, known in replay commands as `problemID`.
    public func grade(
        _ task: CodingTask, problemID: String, files: [SourceFile], seed: String? = nil,
        progress: @escaping @Sendable (GradingProgress) -> Void = { _ in }
    ) async -> GradingReport {
        do {
            return try await attempt(task, problemID: problemID, files: files, seed: seed, progress: progress)
        } catch {
            return Self.unrun(task, verdict: .error, message: "the grader could not run: \(error)")
        }
    }

    private func attempt(
        _ task: CodingTask, problemID: String, files: [SourceFile], seed: String?,
        progress: @escaping @Sendable (GradingProgress) -> Void
    ) async throws -> GradingReport {
        var submitted: [SourceFile] = []
        var missing: [String] = []
        for name in task.submittedFileNames {
            if let file = files.first(where: { $0.name == name }) {
                submitted.append(file)
            } else {
                missing.append(name)
            }
        }
        guard missing.isEmpty else {
            let expected = task.submittedFileNames.joined(separator: ", ")
            return Self.unrun(
                task, verdict: .compileError,
                message:
                    "missing file\(missing.count == 1 ? "" : "s"): \(missing.joined(separator: ", ")) (submit \(expected))"
            )
        }
        let replay = try seed.map { text in
            guard let token = SeedToken(text) else {
                throw GraderError("\(text) is not a schedule seed (they look like s1-0123456789abcdef)")
            }
            return token
        }
        let harnesses = task.tests.map(\.harness).reduce(into: [String?]()) { if !$0.contains($1) { $0.append($1) } }
        func programs(_ check: TaskTest.Check) -> Set<Int> {
            Set(task.tests.filter { $0.checks.contains(check) }.map { harnesses.firstIndex(of: $0.harness)! })
        }
        let runtime = try await SchedulerRuntime.shared.files()
        let recipe = BuildRecipe(
            studentFiles: submitted, headers: task.headers, support: task.support, harnesses: harnesses,
            sanitized: programs(.races), explored: task.concurrency == .threads ? programs(.schedules) : [],
            explorationLibrary: runtime.explorationLibrary)
        let binaries = try TemporaryDirectory.make(prefix: "pset-bin")
        defer { TemporaryDirectory.remove(binaries) }
        progress(.compiling)
        let built: BuiltPrograms
        let rules = SubmissionRules(
            policy: task.calls,
            reservedNames: try await LibraryExports.shared.reserved(runtimeLibrary: runtime.library),
            ownsMain: harnesses.contains(nil), headerNames: task.headers.map(\.name))
        switch try await build(recipe, rules: rules, into: binaries) {
        case .failed(let messages): return Self.unrun(task, verdict: .compileError, message: messages)
        case .refused(let violations):
            return Self.unrun(task, verdict: .failed, message: violations.joined(separator: "\n"))
        case .built(let programs): built = programs
        }
        let harnessStatus = Self.drawHarnessStatus()
        let studentFiles = Set(submitted.map(\.name))
        let sources = submitted + task.headers + task.support
        let results = try await withThrowingTaskGroup(of: (Int, GradingCheck, Int).self) { group in
            for (index, test) in task.tests.enumerated() {
                let program = harnesses.firstIndex(of: test.harness)!
                group.addTask {
                    // A work directory per test: nothing a test's runs leave there is seen by another test.
                    try await runner.withWorkDirectory { directory in
                        let setting = TestSetting(
                            built: built,
                            context: RunContext(
                                workDirectory: directory,
                                binaries: binaries, runtime: runtime,
                                wallSeconds: task.budget.runSeconds),
                            schedulesPerTest: Self.schedulesPerTest(task),
                            studentFiles: studentFiles, sources: sources, replay: replay,
                            concurrency: task.concurrency, harnessStatus: harnessStatus,
                            requirements: task.requirements)
                        let (check, explored) = try await runTest(
                            test, program: program, setting: setting, progress: progress)
                        return (index, check, explored)
                    }
                }
            }
            var results: [(Int, GradingCheck, Int)] = []
            for try await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }
        }
        let checks = results.map(\.1)
        // A public test's schedule is the one to offer for replay: a hidden test's would reveal what it does.
        let failingSeed = (checks.first { !$0.hidden && $0.seed != nil } ?? checks.first { $0.seed != nil })?.seed
        let fileNames = submitted.map(\.name).joined(separator: " ")
        return GradingReport(
            score: checks.reduce(0) { $0 + $1.points }, maxScore: task.tests.reduce(0) { $0 + $1.points },
            verdict: checks.allSatisfy(\.passed) ? .passed : .failed, checks: checks, seed: failingSeed,
            replay: failingSeed.map { "pset submit \(problemID) \(fileNames) --seed \($0)" },
            compilerOutput: built.compilerOutput, schedulesExplored: results.reduce(0) { $0 + $1.2 })
    }

    /// Each schedule test's share of the task's budget of schedules, at least `minimumSchedules`.
    static func schedulesPerTest(_ task: CodingTask) -> Int {
        let tests = task.tests.filter { $0.checks.contains(.schedules) }.count
        guard tests > 0 else { return 0 }
        return max(minimumSchedules, (task.budget.schedules + tests - 1) / tests)
    }

    /// The report of a submission none of whose tests could run: each test failed with `message`.
    static func unrun(_ task: CodingTask, verdict: GradingVerdict, message: String) -> GradingReport {
        let summary =
            switch verdict {
            case .compileError: "not run: the submission does not compile"
            case .failed: "not run: \(message.prefix { $0 != "\n" })"
            default: "not run: \(message)"
            }
        let checks = task.tests.map {
            GradingCheck(
                name: $0.name, passed: false, message: summary, hidden: $0.hidden, points: 0, maxPoints: $0.points)
        }
        return GradingReport(
            score: 0, maxScore: task.tests.reduce(0) { $0 + $1.points }, verdict: verdict, checks: checks,
            compilerOutput: message)
    }
}
