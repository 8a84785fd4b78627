import Foundation
import PsetModel

@testable import PsetGrader

/// Small C programs, each a bug class and its correct twin, for the grader's tests.
enum Fixtures {
    /// The grader as students meet it: every compile and run in the sandbox.
    static func grader() -> Grader { Grader() }

    /// A program of the corpus in the style of public pthread benchmarks (`Tests/Fixtures/outside`), from its
    /// `buggy` or `correct` half.
    static func outside(_ name: String, buggy: Bool) throws -> SourceFile {
        let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/outside/\(buggy ? "buggy" : "correct")/\(name)")
        return SourceFile(name: name, contents: try String(contentsOf: corpus, encoding: .utf8))
    }

    /// A call policy allowing every library family, for tasks whose tests are about something else.
    static let everyFamily = CallPolicy(allowed: LibraryFamily.allCases)

    /// Four threads add 1 through a read-modify-write split over two critical sections: no data race, lost updates.
    static let splitCriticalSection = SourceFile(
        name: "split.c",
        contents: """
            #include <pthread.h>
            #include <stdio.h>

            static long total;
            static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

            static void *work(void *unused) {
                (void)unused;
                for (int i = 0; i < 500; i++) {
                    pthread_mutex_lock(&lock);
                    long seen = total;
                    pthread_mutex_unlock(&lock);
                    pthread_mutex_lock(&lock);
                    total = seen + 1;
                    pthread_mutex_unlock(&lock);
                }
                return NULL;
            }

            int main(void) {
                pthread_t threads[4];
                for (int i = 0; i < 4; i++) pthread_create(&threads[i], NULL, work, NULL);
                for (int i = 0; i < 4; i++) pthread_join(threads[i], NULL);
                if (total != 2000) {
                    fprintf(stderr, "lost update: final value %ld, expected 2000\\n", total);
                    return 1;
                }
                printf("%ld\\n", total);
                return 0;
            }
            """)

    /// The same counter with one critical section per increment.
    static let oneCriticalSection = SourceFile(
        name: "split.c",
        contents: splitCriticalSection.contents.replacingOccurrences(
            of: """
                long seen = total;
                        pthread_mutex_unlock(&lock);
                        pthread_mutex_lock(&lock);
                        total = seen + 1;
                """,
            with: "total = total + 1;"))

    /// Two threads take two mutexes in opposite orders.
    static let lockOrderDeadlock = SourceFile(
        name: "locks.c",
        contents: """
            #include <pthread.h>
            #include <stdio.h>

            static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;

            static void *forward(void *unused) {
                (void)unused;
                for (int i = 0; i < 50; i++) {
                    pthread_mutex_lock(&a);
                    pthread_mutex_lock(&b);
                    pthread_mutex_unlock(&b);
                    pthread_mutex_unlock(&a);
                }
                return NULL;
            }

            static void *backward(void *unused) {
                (void)unused;
                for (int i = 0; i < 50; i++) {
                    pthread_mutex_lock(&b);
                    pthread_mutex_lock(&a);
                    pthread_mutex_unlock(&a);
                    pthread_mutex_unlock(&b);
                }
                return NULL;
            }

            int main(void) {
                pthread_t one, two;
                pthread_create(&one, NULL, forward, NULL);
                pthread_create(&two, NULL, backward, NULL);
                pthread_join(one, NULL);
                pthread_join(two, NULL);
                puts("done");
                return 0;
            }
            """)

    /// The same threads, both taking `a` before `b`.
    static let lockOrderFixed = SourceFile(
        name: "locks.c",
        contents: lockOrderDeadlock.contents.replacingOccurrences(
            of: """
                pthread_mutex_lock(&b);
                        pthread_mutex_lock(&a);
                        pthread_mutex_unlock(&a);
                        pthread_mutex_unlock(&b);
                """,
            with: """
                pthread_mutex_lock(&a);
                        pthread_mutex_lock(&b);
                        pthread_mutex_unlock(&b);
                        pthread_mutex_unlock(&a);
                """))

    static let counterHeader = SourceFile(
        name: "counter.h",
        contents: """
            typedef struct counter counter_t;
            counter_t *counter_create(void);
            void counter_add(counter_t *c, long delta);
            long counter_get(counter_t *c);
            void counter_destroy(counter_t *c);
            """)

    /// A counter whose `counter_get` reads without the lock: a data race, yet every final value is right.
    static let racyCounter = SourceFile(
        name: "counter.c",
        contents: """
            #include <pthread.h>
            #include <stdlib.h>
            #include "counter.h"

            struct counter {
                pthread_mutex_t lock;
                long value;
            };

            counter_t *counter_create(void) {
                counter_t *c = calloc(1, sizeof *c);
                pthread_mutex_init(&c->lock, NULL);
                return c;
            }

            void counter_add(counter_t *c, long delta) {
                pthread_mutex_lock(&c->lock);
                c->value += delta;
                pthread_mutex_unlock(&c->lock);
            }

            long counter_get(counter_t *c) {
                return c->value;
            }

            void counter_destroy(counter_t *c) {
                pthread_mutex_destroy(&c->lock);
                free(c);
            }
            """)

    /// The same counter reading under the lock.
    static let lockedCounter = SourceFile(
        name: "counter.c",
        contents: racyCounter.contents.replacingOccurrences(
            of: "    return c->value;",
            with: """
                    pthread_mutex_lock(&c->lock);
                    long value = c->value;
                    pthread_mutex_unlock(&c->lock);
                    return value;
                """))

    /// Adders and readers at once; reports a lost update by the harness convention.
    static let counterHarness = SourceFile(
        name: "stress.c",
        contents: """
            #include <pthread.h>
            #include <stdio.h>
            #include "counter.h"

            static counter_t *counter;

            static void *adder(void *unused) {
                (void)unused;
                for (int i = 0; i < 200; i++) counter_add(counter, 2);
                return NULL;
            }

            static void *reader(void *unused) {
                (void)unused;
                long last = 0;
                for (int i = 0; i < 100; i++) last = counter_get(counter);
                return (void *)last;
            }

            int main(void) {
                counter = counter_create();
                pthread_t threads[4];
                pthread_create(&threads[0], NULL, adder, NULL);
                pthread_create(&threads[1], NULL, reader, NULL);
                pthread_create(&threads[2], NULL, adder, NULL);
                pthread_create(&threads[3], NULL, reader, NULL);
                for (int i = 0; i < 4; i++) pthread_join(threads[i], NULL);
                long final = counter_get(counter);
                counter_destroy(counter);
                if (final != 800) {
                    fprintf(stderr, "lost update: final value %ld, expected 800\\n", final);
                    return 1;
                }
                return 0;
            }
            """)

    /// A counter task: a public stress test with every thread check, and a hidden single-thread test.
    static let counterTask = CodingTask(
        starter: [SourceFile(name: "counter.c", contents: "")], headers: [counterHeader],
        reference: [lockedCounter], support: [counterHarness, singleThreadHarness],
        tests: [
            TaskTest(name: "stress", points: 3, harness: "stress.c", checks: [.races, .schedules]),
            TaskTest(name: "single-thread", points: 1, hidden: true, harness: "single.c"),
        ],
        budget: GradingBudget(schedules: 30, runSeconds: 5), concurrency: .threads,
        calls: CallPolicy(allowed: [.standard, .output, .threads, .locks, .conditionVariables, .semaphores, .atomics]))

    static let singleThreadHarness = SourceFile(
        name: "single.c",
        contents: """
            #include <stdio.h>
            #include "counter.h"

            int main(void) {
                counter_t *c = counter_create();
                counter_add(c, 5);
                counter_add(c, -7);
                counter_add(c, 0);
                long value = counter_get(c);
                counter_destroy(c);
                if (value != -2) {
                    fprintf(stderr, "wrong value: %ld after adding 5, -7 and 0, expected -2\\n", value);
                    return 1;
                }
                return 0;
            }
            """)

    /// A consumer that spins on a flag until the producer, which first sleeps, sets it.
    static let spinningWaiter = SourceFile(
        name: "wait.c",
        contents: """
            #include <pthread.h>
            #include <stdatomic.h>
            #include <unistd.h>

            static atomic_int ready;

            static void *producer(void *unused) {
                (void)unused;
                usleep(200000);
                atomic_store(&ready, 1);
                return NULL;
            }

            int main(void) {
                pthread_t thread;
                pthread_create(&thread, NULL, producer, NULL);
                while (!atomic_load(&ready)) {
                }
                pthread_join(thread, NULL);
                return 0;
            }
            """)

    /// The same wait done by joining, which blocks.
    static let blockingWaiter = SourceFile(
        name: "wait.c",
        contents: spinningWaiter.contents.replacingOccurrences(
            of: """
                while (!atomic_load(&ready)) {
                    }

                """, with: ""))

    /// Every synchronisation the scheduler models, used correctly: a semaphore-bounded buffer, a reusable
    /// barrier, a read-write lock, and a condition variable under its mutex. `UNGUARDED` drops the
    /// read-write lock around one update, the only race it can have.
    static let everySynchronisation = SourceFile(
        name: "sync.c",
        contents: """
            #include <pthread.h>
            #include <semaphore.h>
            #include <stdio.h>

            static pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
            static pthread_cond_t started = PTHREAD_COND_INITIALIZER;
            static pthread_rwlock_t rwlock = PTHREAD_RWLOCK_INITIALIZER;
            static pthread_barrier_t barrier;
            static sem_t items, slots;
            static int buffer[4], head, tail, go, phase[4];
            static long total;

            static void *producer(void *unused) {
                for (int i = 0; i < 50; i++) {
                    sem_wait(&slots);
                    buffer[tail] = i;
                    tail = (tail + 1) % 4;
                    sem_post(&items);
                }
                return unused;
            }

            static void *consumer(void *unused) {
                long sum = 0;
                for (int i = 0; i < 50; i++) {
                    sem_wait(&items);
                    sum += buffer[head];
                    head = (head + 1) % 4;
                    sem_post(&slots);
                }
                return unused ? NULL : (void *)sum;
            }

            static void *worker(void *argument) {
                long id = (long)argument;
                for (int round = 0; round < 5; round++) {
                    phase[id] = round;
                    pthread_barrier_wait(&barrier);
                    int seen = 0;
                    for (int k = 0; k < 4; k++) seen += phase[k];
                    if (seen != 4 * round) fprintf(stderr, "barrier let a thread through early\\n");
                    pthread_barrier_wait(&barrier);
                }
            #ifndef UNGUARDED
                pthread_rwlock_wrlock(&rwlock);
            #endif
                total += id;
            #ifndef UNGUARDED
                pthread_rwlock_unlock(&rwlock);
            #endif
                pthread_rwlock_rdlock(&rwlock);
                long seen = total;
                pthread_rwlock_unlock(&rwlock);
                pthread_mutex_lock(&mutex);
                while (!go) pthread_cond_wait(&started, &mutex);
                pthread_mutex_unlock(&mutex);
                return (void *)seen;
            }

            int main(void) {
                sem_init(&items, 0, 0);
                sem_init(&slots, 0, 4);
                pthread_barrier_init(&barrier, NULL, 4);
                pthread_t producing, consuming, workers[4];
                pthread_create(&producing, NULL, producer, NULL);
                pthread_create(&consuming, NULL, consumer, NULL);
                for (long i = 0; i < 4; i++) pthread_create(&workers[i], NULL, worker, (void *)i);
                pthread_mutex_lock(&mutex);
                go = 1;
                pthread_cond_broadcast(&started);
                pthread_mutex_unlock(&mutex);
                void *sum;
                pthread_join(producing, NULL);
                pthread_join(consuming, &sum);
                for (int i = 0; i < 4; i++) pthread_join(workers[i], NULL);
                printf("%ld %ld\\n", (long)sum, total);
                return 0;
            }
            """)

    /// Four threads add through `trylock`, dropping the update when the lock is busy: no data race, lost updates
    /// that only a switch inside the critical section shows.
    static let trylockDrop = SourceFile(
        name: "drop.c",
        contents: """
            #include <pthread.h>
            #include <stdio.h>

            static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
            static long total;

            static void add(long delta) {
                if (pthread_mutex_trylock(&lock) != 0)
                    return;
                total += delta;
                pthread_mutex_unlock(&lock);
            }

            static void *work(void *unused) {
                for (int i = 0; i < 200; i++) add(1);
                return unused;
            }

            int main(void) {
                pthread_t threads[4];
                for (int i = 0; i < 4; i++) pthread_create(&threads[i], NULL, work, NULL);
                for (int i = 0; i < 4; i++) pthread_join(threads[i], NULL);
                if (total != 800) {
                    fprintf(stderr, "lost update: final value %ld, expected 800\\n", total);
                    return 1;
                }
                return 0;
            }
            """)

    /// The same adder waiting for the lock.
    static let lockingAdd = SourceFile(
        name: "drop.c",
        contents: trylockDrop.contents.replacingOccurrences(
            of: """
                if (pthread_mutex_trylock(&lock) != 0)
                        return;
                """,
            with: "pthread_mutex_lock(&lock);"))

    /// Four threads add to a shared counter with a plain `+=`: a racy read-modify-write.
    static let racyIncrement = SourceFile(
        name: "rmw.c",
        contents: """
            #include <pthread.h>
            #include <stdio.h>
            #include <stdlib.h>

            struct counter {
                long value;
            };

            static struct counter *shared;

            static void *work(void *unused) {
                for (int i = 0; i < 200; i++) shared->value += 1;
                return unused;
            }

            int main(void) {
                shared = calloc(1, sizeof *shared);
                pthread_t threads[4];
                for (int i = 0; i < 4; i++) pthread_create(&threads[i], NULL, work, NULL);
                for (int i = 0; i < 4; i++) pthread_join(threads[i], NULL);
                long final = shared->value;
                free(shared);
                if (final != 800) {
                    fprintf(stderr, "lost update: final value %ld, expected 800\\n", final);
                    return 1;
                }
                return 0;
            }
            """)

    /// The same increments as C11 atomics.
    static let atomicIncrement = SourceFile(
        name: "rmw.c",
        contents: racyIncrement.contents.replacingOccurrences(of: "    long value;", with: "    _Atomic long value;"))

    /// One thread sets two plain variables, another asserts it never sees one set without the other: the
    /// assertion fails only when the setter is preempted between its two stores. `GUARD` is defined by the twins.
    private static let torn = SourceFile(
        name: "torn.c",
        contents: """
            #include <assert.h>
            #include <pthread.h>

            static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
            static int a, b;

            static void *set(void *unused) {
                GUARD(pthread_mutex_lock(&lock));
                a = 1;
                b = -1;
                GUARD(pthread_mutex_unlock(&lock));
                return unused;
            }

            static void *check(void *unused) {
                GUARD(pthread_mutex_lock(&lock));
                int seen_a = a, seen_b = b;
                GUARD(pthread_mutex_unlock(&lock));
                assert((seen_a == 0 && seen_b == 0) || (seen_a == 1 && seen_b == -1));
                return unused;
            }

            int main(void) {
                pthread_t setter, checker;
                pthread_create(&setter, NULL, set, NULL);
                pthread_create(&checker, NULL, check, NULL);
                pthread_join(setter, NULL);
                pthread_join(checker, NULL);
                return 0;
            }
            """)

    /// The two stores and the two loads without a lock.
    static let tornUnlocked = SourceFile(
        name: "torn.c", contents: "#define GUARD(call) (void)lock\n" + torn.contents)

    /// The same under one mutex.
    static let tornLocked = SourceFile(
        name: "torn.c", contents: "#define GUARD(call) call\n" + torn.contents)

    /// Correct code that access-level switching must never fail: atomic counters, a counter under a mutex, a
    /// value published through an atomic flag a consumer spins on, and a spinlock made of `atomic_flag`.
    static let atomicsAndLocks = SourceFile(
        name: "atomics.c",
        contents: """
            #include <pthread.h>
            #include <stdatomic.h>
            #include <stdio.h>

            static atomic_long hits;
            static atomic_int ready;
            static atomic_flag busy = ATOMIC_FLAG_INIT;
            static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
            static long locked, spun;
            static int payload;

            static void *work(void *unused) {
                for (int i = 0; i < 100; i++) {
                    atomic_fetch_add(&hits, 1);
                    pthread_mutex_lock(&lock);
                    locked++;
                    pthread_mutex_unlock(&lock);
                    while (atomic_flag_test_and_set(&busy)) {
                    }
                    spun++;
                    atomic_flag_clear(&busy);
                }
                return unused;
            }

            static void *publish(void *unused) {
                payload = 42;
                atomic_store(&ready, 1);
                return unused;
            }

            static void *consume(void *unused) {
                while (!atomic_load(&ready)) {
                }
                if (payload != 42) {
                    fprintf(stderr, "published value not seen: %d\\n", payload);
                    return (void *)1;
                }
                return unused;
            }

            int main(void) {
                pthread_t threads[6];
                pthread_create(&threads[0], NULL, consume, NULL);
                for (int i = 1; i < 5; i++) pthread_create(&threads[i], NULL, work, NULL);
                pthread_create(&threads[5], NULL, publish, NULL);
                void *failed = NULL, *result;
                for (int i = 0; i < 6; i++) {
                    pthread_join(threads[i], &result);
                    if (result) failed = result;
                }
                if (failed || hits != 400 || locked != 400 || spun != 400) {
                    fprintf(stderr, "wrong: %ld %ld %ld\\n", (long)hits, locked, spun);
                    return 1;
                }
                return 0;
            }
            """)
}
