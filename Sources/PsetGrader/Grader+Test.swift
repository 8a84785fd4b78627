import Foundation
import PsetModel
import PsetSandbox

extension Grader {
    /// Everything one test needs to know about the build it runs.
    struct TestSetting: Sendable {
        var built: BuiltPrograms
        var context: RunContext
        /// Schedules each test with the `schedules` check explores: its share of the task's budget.
        var schedulesPerTest: Int
        var studentFiles: Set<String>
        var sources: [SourceFile]
        var replay: SeedToken?
        var concurrency: CodingTask.Concurrency
        /// The status this grading's harnesses end a passing test with.
        var harnessStatus: Int32
        /// The task's `Requires` lines, for tests with the `structure` check.
        var requirements: [StructureRequirement] = []

        /// The schedule a test's plain and ThreadSanitizer runs follow in a thread task: one of its own, named
        /// after the test, so that grading the same submission again repeats both runs exactly. Nil in process
        /// tasks, whose runs are real.
        func runSchedule(_ test: TaskTest) -> SeedToken? {
            concurrency == .threads ? SeedToken.sequence("run " + test.name, index: 0) : nil
        }

        /// The build and scheduler library explored schedules run: in a thread task the build instrumented for
        /// switch points at shared-memory accesses; in a process task, whose threads are few, the plain one.
        func exploration(_ program: Int) -> (binary: String, library: String) {
            concurrency == .threads
                ? (built.explored(program), context.runtime.explorationLibrary)
                : (built.plain(program), context.runtime.library)
        }

        /// The variables that put a single run under the scheduler, following `seed`: calmly, switching
        /// threads only where one blocks or at a rare change point, since finding bad interleavings is the
        /// explored schedules' work and a stress test would otherwise pay a thread switch per hand-over.
        func scheduled(_ seed: SeedToken?) -> [String: String] {
            guard let seed else { return [:] }
            return [
                "LD_PRELOAD": context.runtime.library, "PSET_SCHED_SEED": seed.description, "PSET_SCHED_CPU": "slot",
                "PSET_SCHED_CALM": "1",
            ]
        }
    }

    /// Runs one test: its plain run, then each of its checks; the first that fails decides the message.
    func runTest(
        _ test: TaskTest, program: Int, setting: TestSetting, progress: @escaping @Sendable (GradingProgress) -> Void
    ) async throws -> (check: GradingCheck, explored: Int) {
        var setting = setting
        setting.context.harnessStatus = test.harness == nil ? nil : setting.harnessStatus
        func failed(_ check: String, _ message: String, seed: SeedToken? = nil, detail: String? = nil) -> GradingCheck {
            GradingCheck(
                name: test.name, passed: false, message: message, hidden: test.hidden, points: 0,
                maxPoints: test.points, failedCheck: check, seed: seed?.description, detail: detail)
        }
        /// A finding of a run that followed `schedule`: the schedule is named, so the student can replay it.
        func failed(_ check: String, _ message: String, schedule: SeedToken?, detail: String?) -> GradingCheck {
            guard let schedule else { return failed(check, message, detail: detail) }
            return failed(check, "\(message) (schedule \(schedule))", seed: schedule, detail: detail)
        }
        progress(.testing(test: test.name, check: "run"))
        let binary = setting.built.plain(program)
        let schedule = setting.runSchedule(test)
        // Measuring CPU time needs the threads to run freely: serialised, a busy waiter would look idle.
        let plainSchedule = test.checks.contains(.noBusyWaiting) ? nil : schedule
        let plain = setting.context.judged(
            try await run(
                binary, arguments: test.arguments, input: test.standardInput,
                environment: setting.scheduled(plainSchedule), context: setting.context))
        let finding = RunFinding(
            result: plain, expectation: test.expectation, symbolizer: Symbolizer(executable: binary))
        guard finding.passed else {
            if finding.kind == .timeout, test.checks.contains(.schedules),
                let (seed, deadlock) = try await diagnoseHang(test, program: program, setting: setting)
            {
                var check = failed("schedules", deadlock.message, schedule: seed, detail: deadlock.detail)
                check.trace = try await traceSteps(seed, test: test, program: program, setting: setting)
                return (check, 0)
            }
            // A run that never switched threads fails under every schedule: naming its own would only send the
            // student chasing it.
            let switched = SchedulerOutput(standardError: plain.standardErrorText).summary["switches"] != "0"
            return (
                failed("run", finding.message, schedule: switched ? plainSchedule : nil, detail: finding.detail), 0
            )
        }
        if let message = Self.processProblem(plain, checks: test.checks)
            ?? Self.structureProblem(plain, test: test, requirements: setting.requirements)
        {
            return (failed(message.check, message.text), 0)
        }
        // A race found goes on to the schedules, which may show what it does: a lost update, a failed assertion.
        var race: RaceReport?
        if test.checks.contains(.races) {
            progress(.testing(test: test.name, check: "races"))
            let sanitized = setting.built.sanitized(program)
            let reports = try SanitizerLog(in: setting.context.workDirectory, test: test.name)
            _ = try await run(
                sanitized, arguments: test.arguments, input: test.standardInput,
                environment: Self.sanitizerEnvironment(logPath: reports.sandboxPath).merging(
                    setting.scheduled(schedule)
                ) { $1 },
                context: setting.context)
            race = RaceReport(
                output: reports.read(), studentFiles: setting.studentFiles, sources: setting.sources,
                binary: sanitized)
        }
        var explored = 0
        if test.checks.contains(.schedules) {
            let plan = SchedulePlan(label: test.name, count: setting.schedulesPerTest, replay: setting.replay)
            let total = plan.count + (plan.replay == nil ? 0 : 1)
            progress(.schedules(test: test.name, explored: 0, total: total))
            let (explorable, library) = setting.exploration(program)
            let exploration = try await explore(
                explorable, library: library, arguments: test.arguments, input: test.standardInput,
                expectation: test.expectation, plan: plan, context: setting.context
            ) { progress(.schedules(test: test.name, explored: $0, total: total)) }
            explored = exploration.explored
            if let (seed, finding) = exploration.failure {
                var check: GradingCheck
                if let race {
                    let detail = [finding.detail, race.raw].compactMap { $0 }.joined(separator: "\n\n")
                    check = failed(
                        "schedules", "\(finding.message) (schedule \(seed)); \(race.summary)", seed: seed,
                        detail: detail)
                } else {
                    check = failed("schedules", finding.message, schedule: seed, detail: finding.detail)
                }
                if finding.tellsItsSteps {
                    check.trace = try await traceSteps(seed, test: test, program: program, setting: setting)
                }
                return (check, explored)
            }
        }
        if let race {
            return (failed("races", race.summary, schedule: schedule, detail: race.raw), explored)
        }
        let passed = GradingCheck(
            name: test.name, passed: true, message: "passed", hidden: test.hidden, points: test.points,
            maxPoints: test.points)
        return (passed, explored)
    }

    /// The story of explored schedule `seed` of `test`, in a thread task; nil in a process task, whose processes
    /// the runtime does not follow as one story, or when the run left none.
    private func traceSteps(
        _ seed: SeedToken, test: TaskTest, program: Int, setting: TestSetting
    ) async throws -> [TraceStep]? {
        guard setting.concurrency == .threads else { return nil }
        let (explorable, library) = setting.exploration(program)
        let target = TraceTarget(
            binary: explorable, library: library, arguments: test.arguments, input: test.standardInput,
            expectation: test.expectation, studentFiles: setting.studentFiles, sources: setting.sources)
        let steps = try await trace(seed, of: target, context: setting.context)
        return steps.isEmpty ? nil : steps
    }

    /// A deadlock behind a plain run that timed out, found by a few short runs under the scheduler, which
    /// names the blocked threads where a time-out cannot.
    private func diagnoseHang(
        _ test: TaskTest, program: Int, setting: TestSetting
    ) async throws -> (SeedToken, RunFinding)? {
        var context = setting.context
        context.wallSeconds = min(1, context.wallSeconds)
        let (explorable, library) = setting.exploration(program)
        let exploration = try await explore(
            explorable, library: library, arguments: test.arguments, input: test.standardInput,
            expectation: test.expectation, plan: SchedulePlan(label: test.name, count: 4), context: context
        ) { _ in }
        guard let (seed, finding) = exploration.failure, finding.kind == .deadlock else { return nil }
        return (seed, finding)
    }

    /// What the process, IPC and CPU records of a plain run say against the test's checks, if anything is wrong.
    static func processProblem(_ result: SandboxResult, checks: Set<TaskTest.Check>) -> (check: String, text: String)? {
        if checks.contains(.children) {
            if result.processes.aliveAtExit > 0 {
                let count = result.processes.aliveAtExit
                return (
                    "children",
                    "child process not reaped: \(count) process\(count == 1 ? " was" : "es were") still running when the program ended (orphans)"
                )
            }
            if result.processes.zombiesAtExit > 0 {
                let count = result.processes.zombiesAtExit
                return (
                    "children",
                    "child process not reaped: \(count) child\(count == 1 ? "" : "ren") exited but \(count == 1 ? "was" : "were") never waited for"
                )
            }
        }
        if checks.contains(.ipcCleanup), !result.ipc.isEmpty {
            var left: [String] = []
            if result.ipc.sharedMemorySegments > 0 { left.append("shared-memory segment not removed") }
            if result.ipc.semaphoreSets > 0 { left.append("semaphore set not removed") }
            if result.ipc.messageQueues > 0 { left.append("message queue not removed") }
            return ("ipc-cleanup", left.joined(separator: "; ") + " (call shmctl/semctl/msgctl with IPC_RMID)")
        }
        // A thread that spins is always running or ready to run; on a loaded host it gets only its share of a
        // CPU, so the time it waited for one counts with the time it ran.
        let runnable = result.cpuSeconds + (result.cpuWaitSeconds ?? 0)
        if checks.contains(.noBusyWaiting), runnable > max(0.05, 0.3 * result.wallSeconds) {
            let cpu = (result.cpuSeconds * 100).rounded() / 100
            let wall = (result.wallSeconds * 100).rounded() / 100
            let waited = ((result.cpuWaitSeconds ?? 0) * 100).rounded() / 100
            return (
                "no-busy-waiting",
                "busy waiting: the program used \(cpu) s of CPU\(waited >= 0.01 ? " and waited \(waited) s for one" : "") in \(wall) s while its threads should have been blocked"
            )
        }
        return nil
    }
}
