import Foundation
import PsetModel
import PsetSandbox
import Synchronization
import Testing

@testable import PsetGrader

@Suite("Grading", .serialized, .timeLimit(.minutes(1)))
struct GradingTests {
    @Test("a correct submission passes every test and reports progress")
    func gradesCorrectSubmission() async throws {
        let seen = ProgressLog()
        let report = await Fixtures.grader().grade(
            Fixtures.counterTask, problemID: "threads/counter", files: [Fixtures.lockedCounter]
        ) { seen.append($0) }
        #expect(report.verdict == .passed)
        #expect(report.score == report.maxScore)
        #expect(report.schedulesExplored == 30)
        #expect(report.seed == nil)
        #expect(seen.events.first == .compiling)
        #expect(seen.events.contains(.schedules(test: "stress", explored: 30, total: 30)))
    }

    @Test("a compile error is a verdict with the student's file name and line")
    func reportsCompileError() async throws {
        let broken = SourceFile(name: "counter.c", contents: "#include \"counter.h\"\nint x = ;\n")
        let report = await Fixtures.grader().grade(
            Fixtures.counterTask, problemID: "threads/counter", files: [broken])
        #expect(report.verdict == .compileError)
        #expect(report.score == 0)
        #expect(report.compilerOutput.contains("counter.c:2:"))
        #expect(!report.compilerOutput.contains("/tmp/"))
    }

    @Test("a missing file is named")
    func reportsMissingFile() async throws {
        let report = await Fixtures.grader().grade(Fixtures.counterTask, problemID: "threads/counter", files: [])
        #expect(report.verdict == .compileError)
        #expect(report.compilerOutput.contains("missing file: counter.c"))
    }

    @Test("a failing harness's last stderr line is the message, hidden tests included")
    func harnessMessageAndHiddenTests() async throws {
        let wrong = SourceFile(
            name: "counter.c",
            contents: Fixtures.lockedCounter.contents.replacingOccurrences(
                of: "c->value += delta;", with: "if (delta > 0) c->value += delta;"))
        let report = await Fixtures.grader().grade(Fixtures.counterTask, problemID: "threads/counter", files: [wrong])
        #expect(report.verdict == .failed)
        #expect(report.score == 3)
        let hidden = try #require(report.checks.first { $0.name == "single-thread" })
        #expect(hidden.hidden)
        #expect(hidden.message == "wrong value: 5 after adding 5, -7 and 0, expected -2")
    }

    @Test(
        "a lost update under some schedule comes with its seed and a replay command, and regrades agree, even at once")
    func lostUpdateWithSeed() async throws {
        let split = SourceFile(
            name: "counter.c",
            contents: Fixtures.lockedCounter.contents.replacingOccurrences(
                of: "    c->value += delta;\n",
                with: """
                        long value = c->value;
                        pthread_mutex_unlock(&c->lock);
                        pthread_mutex_lock(&c->lock);
                        c->value = value + delta;

                    """))
        let grader = Fixtures.grader()
        let first = await grader.grade(Fixtures.counterTask, problemID: "threads/counter", files: [split])
        let stress = try #require(first.checks.first { $0.name == "stress" })
        #expect(stress.failedCheck == "run" || stress.failedCheck == "schedules")
        #expect(stress.message.hasPrefix("lost update: final value"))
        let seed = try #require(first.seed)
        #expect(stress.message.hasSuffix("(schedule \(seed))"))
        #expect(first.replay == "pset submit threads/counter counter.c --seed \(seed)")
        // Three regrades at once load both cores; every run follows its seed, so they still agree exactly.
        let regrades = await withTaskGroup(of: GradingReport.self) { group in
            for _ in 0..<3 {
                group.addTask { await grader.grade(Fixtures.counterTask, problemID: "threads/counter", files: [split]) }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        for regrade in regrades {
            #expect(regrade.checks == first.checks)
            #expect(regrade.seed == first.seed)
        }
        let replayed = await grader.grade(
            Fixtures.counterTask, problemID: "threads/counter", files: [split], seed: seed
        ) { _ in }
        #expect(replayed.seed == seed)
    }

    @Test("an unlocked update is named by the update it loses, with its schedule, and then by its data race")
    func raceWithItsConsequence() async throws {
        let stress = try await Self.stressCheck(
            replacing:
                "    pthread_mutex_lock(&c->lock);\n    c->value += delta;\n    pthread_mutex_unlock(&c->lock);\n",
            with: "    c->value += delta;\n")
        let seed = try #require(stress.seed)
        #expect(stress.message.hasPrefix("lost update: final value"))
        #expect(
            stress.message.contains("expected 800 (schedule \(seed)); data race on `struct counter.value` (counter.c:"))
    }

    @Test("a trylock that drops the update when the lock is busy fails with the update it loses")
    func trylockDrop() async throws {
        let stress = try await Self.stressCheck(
            replacing: "    pthread_mutex_lock(&c->lock);\n    c->value += delta;\n",
            with: "    if (pthread_mutex_trylock(&c->lock) != 0)\n        return;\n    c->value += delta;\n")
        #expect(stress.message.hasPrefix("lost update: final value"))
        #expect(!stress.message.contains("data race"))
    }

    /// The stress test of the locked counter with `text` replaced, failed by its schedules.
    static func stressCheck(replacing text: String, with replacement: String) async throws -> GradingCheck {
        let counter = SourceFile(
            name: "counter.c",
            contents: Fixtures.lockedCounter.contents.replacingOccurrences(of: text, with: replacement))
        let report = await Fixtures.grader().grade(Fixtures.counterTask, problemID: "threads/counter", files: [counter])
        let stress = try #require(report.checks.first { $0.name == "stress" })
        #expect(stress.failedCheck == "schedules")
        return stress
    }

    @Test("a thread that spins while it waits is busy waiting; one that blocks is not")
    func busyWaiting() async throws {
        let task = CodingTask(
            starter: [SourceFile(name: "wait.c", contents: "")],
            tests: [TaskTest(name: "waits", points: 1, checks: [.noBusyWaiting])], calls: Fixtures.everyFamily)
        let grader = Fixtures.grader()
        let spinning = await grader.grade(task, problemID: "t/wait", files: [Fixtures.spinningWaiter])
        #expect(spinning.checks.first?.failedCheck == "no-busy-waiting", "\(spinning.checks)")
        #expect(spinning.checks.first?.message.hasPrefix("busy waiting:") == true)
        let blocking = await grader.grade(task, problemID: "t/wait", files: [Fixtures.blockingWaiter])
        #expect(blocking.verdict == .passed)
        // The cheat: give the CPU away on every turn of the loop. The thread stays ready to run, so it still counts.
        let yielding = SourceFile(
            name: "wait.c",
            contents: Fixtures.spinningWaiter.contents
                .replacingOccurrences(of: "#include <unistd.h>", with: "#include <sched.h>\n#include <unistd.h>")
                .replacingOccurrences(
                    of: "while (!atomic_load(&ready)) {\n    }",
                    with: "while (!atomic_load(&ready)) {\n        sched_yield();\n    }"))
        #expect(yielding.contents.contains("sched_yield();"))
        let yielded = await grader.grade(task, problemID: "t/wait", files: [yielding])
        #expect(yielded.checks.first?.failedCheck == "no-busy-waiting", "\(yielded.checks)")
    }

    @Test("children left running or unreaped and IPC objects left behind are named")
    func processRecords() {
        func result(alive: Int, zombies: Int, segments: Int) -> SandboxResult {
            SandboxResult(
                termination: .exited(0), cpuSeconds: 0, wallSeconds: 0.01, peakMemoryBytes: 0, standardOutput: [],
                standardOutputTruncated: false, standardError: [], standardErrorTruncated: false, limitHit: nil,
                processes: SandboxProcessRecord(tasksCreated: 3, aliveAtExit: alive, zombiesAtExit: zombies),
                ipc: SandboxIPCRecord(sharedMemorySegments: segments, semaphoreSets: 0, messageQueues: 0),
                isolation: [])
        }
        let all: Set<TaskTest.Check> = [.children, .ipcCleanup]
        #expect(
            Grader.processProblem(result(alive: 1, zombies: 0, segments: 0), checks: all)?.text.hasPrefix(
                "child process not reaped") == true)
        #expect(Grader.processProblem(result(alive: 0, zombies: 2, segments: 0), checks: all)?.check == "children")
        #expect(
            Grader.processProblem(result(alive: 0, zombies: 0, segments: 1), checks: all)?.text.hasPrefix(
                "shared-memory segment not removed") == true)
        #expect(Grader.processProblem(result(alive: 0, zombies: 0, segments: 0), checks: all) == nil)
        #expect(Grader.processProblem(result(alive: 1, zombies: 1, segments: 1), checks: []) == nil)
    }
}

/// Progress events collected from any task.
final class ProgressLog: Sendable {
    private let storage = Mutex<[GradingProgress]>([])

    func append(_ event: GradingProgress) { storage.withLock { $0.append(event) } }

    var events: [GradingProgress] { storage.withLock { $0 } }
}
