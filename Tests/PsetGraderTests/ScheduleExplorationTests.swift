import Foundation
import PsetModel
import Testing

@testable import PsetGrader

@Suite("Schedule exploration", .serialized, .timeLimit(.minutes(1)))
struct ScheduleExplorationTests {
    @Test("a read-modify-write split over two critical sections loses updates under some schedule")
    func catchesLostUpdate() async throws {
        let report = try await Fixtures.grader().check(sources: [Fixtures.splitCriticalSection], schedules: 30)
        #expect(report.verdict == .assertion)
        #expect(report.report.hasPrefix("lost update: final value"))
        let seed = try #require(report.seed)
        #expect(SeedToken(seed) != nil)
    }

    @Test("the same counter with one critical section passes every schedule")
    func passesCorrectTwin() async throws {
        let report = try await Fixtures.grader().check(sources: [Fixtures.oneCriticalSection], schedules: 30)
        #expect(report.verdict == .ok)
        #expect(report.runs == 31)
    }

    @Test("a failing seed replays the same failure")
    func seedReplaysFailure() async throws {
        let grader = Fixtures.grader()
        let found = try await grader.check(sources: [Fixtures.splitCriticalSection], schedules: 30)
        let seed = try #require(found.seed)
        let replayed = try await grader.check(sources: [Fixtures.splitCriticalSection], seed: seed)
        #expect(replayed.verdict == .assertion)
        #expect(replayed.runs == 2)
        #expect(replayed.report.components(separatedBy: "\n").first == found.report.components(separatedBy: "\n").first)
    }

    @Test("the same seed gives the same interleaving, another seed (of depth 3 here) another one")
    func sameSeedSameTrace() async throws {
        let binary = try await CompiledProgram(Fixtures.oneCriticalSection)
        let first = try await binary.schedule(seed: "s1-20000000deadbeef")
        let again = try await binary.schedule(seed: "s1-20000000deadbeef")
        let other = try await binary.schedule(seed: "s1-2000000012345678")
        #expect(first.count > 100)
        #expect(first == again)
        #expect(first != other)
    }

    @Test("a calm run replays its seed exactly, keeping the baton through most of its switch points")
    func calmRunsReplay() async throws {
        let binary = try await CompiledProgram(Fixtures.oneCriticalSection)
        let calm = try await binary.summary(seed: "s1-00000000deadbeef", calm: true)
        let again = try await binary.summary(seed: "s1-00000000deadbeef", calm: true)
        #expect(calm["schedule"] == again["schedule"])
        #expect(calm["trace"] == again["trace"])
        let switches = try #require(calm["switches"].flatMap { Int($0) })
        let steps = try #require(calm["steps"].flatMap { Int($0) })
        #expect(switches > 0)
        #expect(switches * 50 < steps, "calm \(switches) switches in \(steps) steps")
    }

    @Test("a semaphore made process-shared by habit is still scheduled; one in shared memory works across fork")
    func processSharedSemaphores() async throws {
        let program = SourceFile(
            name: "sems.c",
            contents: """
                #include <pthread.h>
                #include <semaphore.h>
                #include <sys/mman.h>
                #include <sys/wait.h>
                #include <unistd.h>

                static sem_t ready;

                static void *waiter(void *unused) {
                    sem_wait(&ready);
                    return unused;
                }

                int main(int argc, char **argv) {
                    sem_t *between = mmap(NULL, sizeof *between, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
                    sem_init(between, 1, 0);
                    pid_t child = fork();
                    if (child == 0) {
                        sem_post(between);
                        _exit(0);
                    }
                    sem_wait(between);
                    waitpid(child, NULL, 0);

                    sem_init(&ready, 1, 0);
                    pthread_t thread;
                    pthread_create(&thread, NULL, waiter, NULL);
                    if (argc > 1) sem_post(&ready);
                    pthread_join(thread, NULL);
                    return 0;
                }
                """)
        let grader = Fixtures.grader()
        let posting = try await grader.check(sources: [program], arguments: ["post"], schedules: 5)
        #expect(posting.verdict == .ok, "\(posting.report)")
        let forgetting = try await grader.check(sources: [program], schedules: 5, wallSeconds: 2)
        #expect(forgetting.verdict == .deadlock)
        #expect(forgetting.report.contains("waits on a semaphore nobody posts"))
    }

    @Test("a deadlock is reported at once, naming the blocked threads and where they wait")
    func reportsDeadlock() async throws {
        let report = try await Fixtures.grader().check(sources: [Fixtures.lockOrderDeadlock], schedules: 50)
        #expect(report.verdict == .deadlock)
        let scheduled = try await Fixtures.grader().check(
            sources: [Fixtures.lockOrderDeadlock], seed: try #require(await Self.deadlockingSeed()))
        #expect(scheduled.verdict == .deadlock)
        #expect(scheduled.report.hasPrefix("deadlock: "))
        #expect(scheduled.report.contains("thread 1 (forward)"))
        #expect(scheduled.report.contains("thread 2 (backward)"))
        #expect(scheduled.report.contains("locks.c:"))
    }

    @Test("mutexes taken in one order never deadlock")
    func passesOrderedLocks() async throws {
        let binary = try await CompiledProgram(Fixtures.lockOrderFixed)
        for index in 0..<30 {
            let run = try await binary.run(seed: SeedToken.sequence("ordered", index: index).description)
            #expect(run.status == 0)
        }
    }

    @Test("a thread spinning on a flag is handed off by the watchdog instead of hanging")
    func watchdogHandsOff() async throws {
        let binary = try await CompiledProgram(Fixtures.spinningWaiter)
        let run = try await binary.run(seed: "s1-0000000000000001")
        #expect(run.status == 0)
    }

    /// A seed under which the lock-order program deadlocks, found by running the runtime directly.
    static func deadlockingSeed() async throws -> String? {
        // The explored build, which `pset check --seed` replays: a focused seed schedules the plain build differently.
        let binary = try await CompiledProgram(Fixtures.lockOrderDeadlock, explored: true)
        for index in 0..<200 {
            let seed = SeedToken.sequence("deadlock", index: index).description
            if try await binary.run(seed: seed).status == 86 { return seed }
        }
        return nil
    }
}
