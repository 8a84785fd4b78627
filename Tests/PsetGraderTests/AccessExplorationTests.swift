import Foundation
import PsetModel
import Testing

@testable import PsetGrader

/// Bugs only a switch between two plain memory accesses shows, each beside its correct twin, which must pass.
@Suite("Switch points at shared-memory accesses", .serialized, .timeLimit(.minutes(2)))
struct AccessExplorationTests {
    @Test("a trylock that drops the update when the lock is busy loses updates; waiting for the lock never does")
    func trylockDrop() async throws {
        let grader = Fixtures.grader()
        let dropping = try await grader.check(sources: [Fixtures.trylockDrop])
        #expect(dropping.verdict == .assertion, "\(dropping.report)")
        #expect(dropping.report.hasPrefix("lost update: final value"))
        #expect(!dropping.report.contains("data race"))
        let waiting = try await grader.check(sources: [Fixtures.lockingAdd])
        #expect(waiting.verdict == .ok, "\(waiting.report)")
    }

    @Test("a racy read-modify-write shows as the update it loses, with the race, and its seed replays the loss")
    func racyIncrement() async throws {
        let grader = Fixtures.grader()
        let found = try await grader.check(sources: [Fixtures.racyIncrement])
        #expect(found.verdict == .assertion, "\(found.report)")
        let lines = found.report.components(separatedBy: "\n")
        #expect(lines[0].hasPrefix("lost update: final value"))
        #expect(
            found.findings.contains {
                $0.kind == .race && $0.message.hasPrefix("data race on `struct counter.value` (rmw.c:")
            })
        let seed = try #require(found.seed)
        let replayed = try await grader.check(sources: [Fixtures.racyIncrement], seed: seed)
        #expect(replayed.verdict == .assertion)
        // The schedule, then the ThreadSanitizer build on the same schedule.
        #expect(replayed.runs == 2)
        #expect(replayed.report.components(separatedBy: "\n").first == lines[0])
        let atomic = try await grader.check(sources: [Fixtures.atomicIncrement])
        #expect(atomic.verdict == .ok, "\(atomic.report)")
    }

    @Test("an assertion on two plain variables fails once the writer is preempted between its stores, never locked")
    func tornUpdate() async throws {
        let grader = Fixtures.grader()
        let torn = try await grader.check(sources: [Fixtures.tornUnlocked], schedules: 200)
        // The failed assert aborts the program: a crash by SIGABRT until `pset check` names assertions as such.
        #expect([.assertion, .crash].contains(torn.verdict), "\(torn.report)")
        #expect(
            torn.report.contains("Assertion `(seen_a == 0 && seen_b == 0) || (seen_a == 1 && seen_b == -1)' failed"))
        #expect(torn.seed != nil)
        let locked = try await grader.check(sources: [Fixtures.tornLocked], schedules: 200)
        #expect(locked.verdict == .ok, "\(locked.report)")
    }

    @Test("atomics, a mutex, a spinlock and a spinning consumer never fail, however the accesses interleave")
    func correctAtomicsPass() async throws {
        let report = try await Fixtures.grader().check(sources: [Fixtures.atomicsAndLocks], schedules: 300)
        #expect(report.verdict == .ok, "\(report.report)")
        #expect(report.runs == 301)
    }

    @Test("a schedule run by the fork server is the schedule its seed gives on its own")
    func forkServerReplays() async throws {
        let binary = try await CompiledProgram(Fixtures.lockingAdd, explored: true)
        let runs = try await binary.servedAndAlone(label: "fork", count: 12, lengthBits: 12)
        #expect(runs.count == 12)
        var traces: Set<String> = []
        for (seed, served, alone) in runs {
            let servedSummary = SchedulerOutput(standardError: served.errors).summary
            #expect(served.status == 0)
            #expect(servedSummary["seed"] == seed)
            #expect(servedSummary["trace"] == SchedulerOutput(standardError: alone.errors).summary["trace"])
            traces.insert(servedSummary["trace"] ?? "")
        }
        #expect(traces.count > 6, "seeds should give different interleavings")
    }

    /// Reads, uninitialised, the memory its first allocations get (after a thread, whose start allocates too).
    static let freshHeap = SourceFile(
        name: "heap.c",
        contents: """
            #include <pthread.h>
            #include <stdio.h>
            #include <stdlib.h>

            static void *work(void *unused) { return unused; }

            int main(void) {
                pthread_t thread;
                pthread_create(&thread, NULL, work, NULL);
                pthread_join(thread, NULL);
                unsigned long sum = 0;
                for (size_t size = 8; size <= 8192; size *= 4) {
                    unsigned char *block = malloc(size);
                    for (size_t i = 0; i < size; i++) sum += block[i];
                }
                printf("%lu\\n", sum);
                return 0;
            }
            """)

    /// The fork server must leave the allocator as a fresh process has it: one that set it up before forking (to
    /// spare each schedule that work) left a stale header of the heap's top in memory a later allocation handed out.
    @Test("a schedule run by the fork server reads the same fresh heap as its seed run on its own")
    func forkServerHeapIsFresh() async throws {
        let binary = try await CompiledProgram(Self.freshHeap, explored: true)
        let runs = try await binary.servedAndAlone(label: "heap", count: 3, lengthBits: 8)
        #expect(runs.count == 3)
        for (_, served, alone) in runs {
            #expect(served.output == "0\n")
            #expect(served.output == alone.output)
        }
    }

    @Test(
        "a seed carries its bug depth and whether it is focused, and a depth-d schedule takes at most d-1 change points"
    )
    func seedsCarryDepth() async throws {
        let binary = try await CompiledProgram(Fixtures.racyIncrement, explored: true)
        for depth in 1...4 {
            let seed = SeedToken.schedule("depth", index: depth, depth: depth, lengthBits: 10)
            #expect(seed.depth == depth)
            let summary = SchedulerOutput(standardError: try await binary.run(seed: seed.description).errors).summary
            #expect(summary["depth"] == String(depth))
            let changes = try #require(summary["changes"].flatMap { Int($0) })
            #expect(changes <= depth - 1)
        }
        for depth in 2...9 {
            let seed = SeedToken.schedule("focused", index: depth, depth: depth, lengthBits: 3, focused: true)
            #expect(seed.isFocused && seed.depth == depth)
            let summary = SchedulerOutput(standardError: try await binary.run(seed: seed.description).errors).summary
            #expect(summary["depth"] == String(depth))
            #expect((summary["unlocked"].flatMap { Int($0) } ?? 0) > 0)
        }
    }
}
