import Foundation
import PsetModel
import Testing

@testable import PsetGrader

@Suite("Deadlock prediction", .serialized, .timeLimit(.minutes(2)))
struct DeadlockPredictionTests {
    /// Two threads taking `a` and `b` in opposite orders, each pair under `gate` when `gated`.
    static func oppositeOrders(gated: Bool) -> SourceFile {
        let (enter, leave) = gated ? ("pthread_mutex_lock(&gate);", "pthread_mutex_unlock(&gate);") : ("", "")
        return SourceFile(
            name: "orders.c",
            contents: """
                #include <pthread.h>
                #include <stdio.h>

                static pthread_mutex_t gate = PTHREAD_MUTEX_INITIALIZER;
                static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;
                static long moves;

                static void *forward(void *unused) {
                    for (int i = 0; i < 20; i++) {
                        \(enter)
                        pthread_mutex_lock(&a);
                        pthread_mutex_lock(&b);
                        moves++;
                        pthread_mutex_unlock(&b);
                        pthread_mutex_unlock(&a);
                        \(leave)
                    }
                    return unused;
                }

                static void *backward(void *unused) {
                    for (int i = 0; i < 20; i++) {
                        \(enter)
                        pthread_mutex_lock(&b);
                        pthread_mutex_lock(&a);
                        moves++;
                        pthread_mutex_unlock(&a);
                        pthread_mutex_unlock(&b);
                        \(leave)
                    }
                    return unused;
                }

                int main(void) {
                    pthread_t one, two;
                    pthread_create(&one, NULL, forward, NULL);
                    pthread_create(&two, NULL, backward, NULL);
                    pthread_join(one, NULL);
                    pthread_join(two, NULL);
                    printf("%ld\\n", moves);
                    return 0;
                }
                """)
    }

    /// Five philosophers who pick up both forks while holding the table's lock, and put it down between forks.
    static let gatedPhilosophers = SourceFile(
        name: "philosophers.c",
        contents: """
            #include <pthread.h>
            #include <stdio.h>

            #define N 5
            static pthread_mutex_t table = PTHREAD_MUTEX_INITIALIZER;
            static pthread_mutex_t forks[N];
            static int meals[N];

            static void *dine(void *arg) {
                long i = (long)arg;
                for (int k = 0; k < 10; k++) {
                    pthread_mutex_lock(&table);
                    pthread_mutex_lock(&forks[i]);
                    pthread_mutex_lock(&forks[(i + 1) % N]);
                    pthread_mutex_unlock(&table);
                    meals[i]++;
                    pthread_mutex_unlock(&forks[(i + 1) % N]);
                    pthread_mutex_unlock(&forks[i]);
                }
                return NULL;
            }

            int main(void) {
                pthread_t threads[N];
                for (int i = 0; i < N; i++) pthread_mutex_init(&forks[i], NULL);
                for (long i = 0; i < N; i++) pthread_create(&threads[i], NULL, dine, (void *)i);
                for (int i = 0; i < N; i++) pthread_join(threads[i], NULL);
                int total = 0;
                for (int i = 0; i < N; i++) total += meals[i];
                printf("%d\\n", total);
                return total == N * 10 ? 0 : 1;
            }
            """)

    /// Opposite orders in two threads that a semaphore keeps apart: the second starts only once the first is done.
    static let orderedByASemaphore = SourceFile(
        name: "handover.c",
        contents: """
            #include <pthread.h>
            #include <semaphore.h>

            static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;
            static sem_t done;

            static void *first(void *unused) {
                pthread_mutex_lock(&a);
                pthread_mutex_lock(&b);
                pthread_mutex_unlock(&b);
                pthread_mutex_unlock(&a);
                sem_post(&done);
                return unused;
            }

            static void *second(void *unused) {
                sem_wait(&done);
                pthread_mutex_lock(&b);
                pthread_mutex_lock(&a);
                pthread_mutex_unlock(&a);
                pthread_mutex_unlock(&b);
                return unused;
            }

            int main(void) {
                sem_init(&done, 0, 0);
                pthread_t one, two;
                pthread_create(&two, NULL, second, NULL);
                pthread_create(&one, NULL, first, NULL);
                pthread_join(one, NULL);
                pthread_join(two, NULL);
                return 0;
            }
            """)

    @Test("opposite lock orders taken under a common gate lock never fail a check")
    func gatedOrdersPass() async throws {
        let report = try await Fixtures.grader().check(sources: [Self.oppositeOrders(gated: true)], schedules: 50)
        #expect(report.verdict == .ok, "\(report.report)")
        #expect(report.findings.isEmpty)
    }

    @Test("philosophers who take their forks under the table's lock pass")
    func gatedPhilosophersPass() async throws {
        let report = try await Fixtures.grader().check(sources: [Self.gatedPhilosophers], schedules: 50)
        #expect(report.verdict == .ok, "\(report.report)")
        #expect(report.findings.isEmpty)
    }

    @Test("the same orders without the gate are a deadlock, named with a seed that replays it")
    func realDeadlockIsNamed() async throws {
        let grader = Fixtures.grader()
        let report = try await grader.check(sources: [Self.oppositeOrders(gated: false)], schedules: 50)
        #expect(report.verdict == .deadlock)
        #expect(report.report.hasPrefix("deadlock: "))
        #expect(report.report.contains("thread 1 (forward)"))
        let seed = try #require(report.seed)
        #expect(report.findings.first?.kind == .deadlock && report.findings.first?.seed == seed)
        #expect(report.findings.first?.trace?.last?.event.hasPrefix("waits for ") == true)
        let replayed = try await grader.check(sources: [Self.oppositeOrders(gated: false)], seed: seed)
        #expect(replayed.verdict == .deadlock)
    }

    @Test("opposite orders that a semaphore keeps apart are a warning, never a failure")
    func unconfirmedCycleIsAWarning() async throws {
        let report = try await Fixtures.grader().check(sources: [Self.orderedByASemaphore], schedules: 50)
        #expect(report.verdict == .ok, "\(report.report)")
        let warning = try #require(report.findings.first)
        #expect(report.findings.count == 1)
        #expect(warning.kind == .potentialDeadlock)
        #expect(warning.message.contains("locks `a` (handover.c:"))
        #expect(warning.message.contains("while holding `b` (handover.c:"))
    }

    @Test("ThreadSanitizer's lock-order report on locks in shared memory is a warning, never a failure")
    func sanitizerLockOrderIsAWarning() async throws {
        let program = SourceFile(
            name: "shared.c",
            contents: """
                #include <pthread.h>
                #include <sys/mman.h>

                /* Process-shared mutexes in shared memory are left to the kernel, where ThreadSanitizer sees them. */
                static pthread_mutex_t *locks;

                static void take(int first, int second) {
                    for (int i = 0; i < 10; i++) {
                        pthread_mutex_lock(&locks[0]);
                        pthread_mutex_lock(&locks[first]);
                        pthread_mutex_lock(&locks[second]);
                        pthread_mutex_unlock(&locks[second]);
                        pthread_mutex_unlock(&locks[first]);
                        pthread_mutex_unlock(&locks[0]);
                    }
                }

                static void *forward(void *unused) { take(1, 2); return unused; }
                static void *backward(void *unused) { take(2, 1); return unused; }

                int main(void) {
                    locks = mmap(NULL, 3 * sizeof *locks, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
                    pthread_mutexattr_t shared;
                    pthread_mutexattr_init(&shared);
                    pthread_mutexattr_setpshared(&shared, PTHREAD_PROCESS_SHARED);
                    for (int i = 0; i < 3; i++) pthread_mutex_init(&locks[i], &shared);
                    pthread_t one, two;
                    pthread_create(&one, NULL, forward, NULL);
                    pthread_create(&two, NULL, backward, NULL);
                    pthread_join(one, NULL);
                    pthread_join(two, NULL);
                    return 0;
                }
                """)
        let report = try await Fixtures.grader().check(sources: [program], schedules: 20)
        #expect(report.verdict == .ok, "\(report.report)")
        #expect(report.findings.map(\.kind) == [.potentialDeadlock])
        #expect(report.findings.first?.message.hasPrefix("potential deadlock: two mutexes") == true)
    }

    @Test("a cycle counts only across distinct threads holding no lock in common")
    func cyclesNeedDistinctThreadsAndDisjointLocks() {
        func line(_ thread: Int, _ first: Int, _ second: Int, gates: String = "-") -> String {
            let (first, second) = (String(first, radix: 16), String(second, radix: 16))
            return
                "@@pset order thread=\(thread) first=\(first) second=\(second) gates=\(gates) first_at=- second_at=- start=-"
        }
        let abba = LockOrderGraph(standardError: [line(1, 0xa, 0xb), line(2, 0xb, 0xa)].joined(separator: "\n"))
        #expect(abba.deadlockCycle()?.map(\.thread) == [1, 2])
        let gated = LockOrderGraph(
            standardError: [line(1, 0xa, 0xb, gates: "f"), line(2, 0xb, 0xa, gates: "f")].joined(separator: "\n"))
        #expect(gated.deadlockCycle() == nil)
        let oneThread = LockOrderGraph(standardError: [line(1, 0xa, 0xb), line(1, 0xb, 0xa)].joined(separator: "\n"))
        #expect(oneThread.deadlockCycle() == nil)
        let unknownGates = LockOrderGraph(
            standardError: [line(1, 0xa, 0xb, gates: "?"), line(2, 0xb, 0xa)].joined(separator: "\n"))
        #expect(unknownGates.deadlockCycle() == nil)
        let ring = LockOrderGraph(
            standardError: [line(1, 0xa, 0xb), line(2, 0xb, 0xc), line(3, 0xc, 0xa), line(4, 0xc, 0xd)]
                .joined(separator: "\n"))
        #expect(ring.deadlockCycle()?.count == 3)
    }

    @Test("a lock is named by the argument of the call that takes it")
    func namesLocksFromSource() {
        #expect(LockOrderGraph.lockArgument("    pthread_mutex_lock(&forks[(i + 1) % N]);") == "forks[(i + 1) % N]")
        #expect(LockOrderGraph.lockArgument("if (pthread_mutex_trylock(&c->lock) == 0)") == "c->lock")
        #expect(LockOrderGraph.lockArgument("pthread_rwlock_wrlock(table);") == "table")
        #expect(LockOrderGraph.lockArgument("counter++;") == nil)
    }
}
