import PsetModel

extension Bank {
    /// Pinned task: a counter that many threads add to at once.
    static let counter = CodingProblem("threads/counter") { params in
        // Each student's hidden tests run their own thread counts and sizes, so revealed details fit no one else.
        let readerThreads = params.pick("reader-threads", from: [4, 6])
        let hiddenOps = params.pick("hidden-ops", from: [160, 200])
        let stressOps = params.pick("stress-ops", from: [16_000, 20_000])
        Title("A thread-safe counter")
        Topics(.threadSafety, .mutexes, .pthreads)
        Points(9)
        Prompt(
            """
            Implement a counter that many threads can use at once. Submit `counter.c`, implementing `counter.h` \
            exactly as given:

            ```c
            typedef struct counter counter_t;
            counter_t *counter_create(void);            /* starts at 0 */
            void counter_add(counter_t *c, long delta);  /* any delta: positive, zero or negative */
            long counter_get(counter_t *c);              /* may run while other threads add */
            void counter_destroy(counter_t *c);          /* called once no thread uses c */
            ```

            Requirements:
            - Many threads calling `counter_add` and `counter_get` at once: the final value equals the sum of all \
            deltas, under every schedule.
            - No data race, including between `counter_get` and `counter_add`.
            - No call ever blocks forever, whatever the delta.
            - Mutexes, read-write locks, C11 atomics and spinlocks are all acceptable ways to get there.

            The grader runs your counter under ThreadSanitizer and under schedule exploration, which can switch \
            threads at every lock and unlock and at every access to shared memory: an update split over two \
            critical sections loses updates there even though it has no data race.
            """)
        Header("counter.h", Source.header)
        Starter("counter.c", Source.starter)
        Reference("counter.c", Source.reference)
        Support("counter_single.c", Source.single)
        Support("counter_threads.c", Source.threads)
        Budget(schedules: 100, runSeconds: 5)
        Concurrency(.threads)
        Allows(.standard, .output, .threads, .locks, .conditionVariables, .semaphores, .atomics, .time)

        TestCase("single-thread", points: 1, harness: "counter_single.c")
        TestCase(
            "lost-updates", points: 3, harness: "counter_threads.c", arguments: ["4", "200", "mixed"],
            checks: [.races, .schedules])
        TestCase(
            "get-while-adding", points: 2, hidden: true, harness: "counter_threads.c",
            arguments: ["\(readerThreads)", "\(hiddenOps)", "readers"], checks: [.races, .schedules])
        TestCase(
            "negative-deltas", points: 1, hidden: true, harness: "counter_threads.c",
            arguments: ["4", "\(hiddenOps)", "negative"], checks: [.schedules])
        TestCase(
            "stress", points: 2, hidden: true, harness: "counter_threads.c", arguments: ["8", "\(stressOps)", "mixed"],
            checks: [.races])

        Mutant(
            "unlocked-add",
            reason:
                "data race on `struct counter.value`: `counter_add` updates it without any lock, so updates are lost",
            mustFail: ["lost-updates", "negative-deltas", "stress"],
            File(
                "counter.c",
                Source.reference.replacing(
                    """
                        pthread_mutex_lock(&c->lock);
                        c->value += delta;
                        pthread_mutex_unlock(&c->lock);
                    """,
                    with: """
                            c->value += delta;
                        """)))
        Mutant(
            "split-critical-section",
            reason: """
                lost update: the read and the write of `value` are in two separate critical sections, so another \
                thread can add in between and its update is overwritten (no data race, still wrong)
                """,
            mustFail: ["lost-updates"],
            File(
                "counter.c",
                Source.reference.replacing(
                    """
                        pthread_mutex_lock(&c->lock);
                        c->value += delta;
                        pthread_mutex_unlock(&c->lock);
                    """,
                    with: """
                            pthread_mutex_lock(&c->lock);
                            long old = c->value;
                            pthread_mutex_unlock(&c->lock);
                            pthread_mutex_lock(&c->lock);
                            c->value = old + delta;
                            pthread_mutex_unlock(&c->lock);
                        """)))
        Mutant(
            "trylock-drop",
            reason: """
                lost update: `counter_add` takes the lock with `pthread_mutex_trylock` and silently drops the update \
                when another thread holds it (no data race, still wrong)
                """,
            mustFail: ["lost-updates", "negative-deltas"],
            File(
                "counter.c",
                Source.reference.replacing(
                    """
                        pthread_mutex_lock(&c->lock);
                        c->value += delta;
                    """,
                    with: """
                            if (pthread_mutex_trylock(&c->lock) != 0)
                                return;
                            c->value += delta;
                        """)))
        Mutant(
            "unlocked-get",
            reason:
                "data race on `struct counter.value`: `counter_get` reads it without the lock while other threads add",
            mustFail: ["get-while-adding"],
            File(
                "counter.c",
                Source.reference.replacing(
                    """
                        pthread_mutex_lock(&c->lock);
                        long value = c->value;
                        pthread_mutex_unlock(&c->lock);
                        return value;
                    """,
                    with: """
                            return c->value;
                        """)))
        Mutant(
            "return-holding-lock",
            reason: "deadlock: `counter_add` returns early for a zero delta while still holding the mutex",
            mustFail: ["single-thread", "lost-updates"],
            File(
                "counter.c",
                Source.reference.replacing(
                    """
                        pthread_mutex_lock(&c->lock);
                        c->value += delta;
                    """,
                    with: """
                            pthread_mutex_lock(&c->lock);
                            if (delta == 0)
                                return;
                            c->value += delta;
                        """)))
    }
}

/// The C sources of `threads/counter`.
private enum Source {
    static let header = #"""
        #ifndef COUNTER_H
        #define COUNTER_H

        typedef struct counter counter_t;

        counter_t *counter_create(void);            /* starts at 0 */
        void counter_add(counter_t *c, long delta);  /* any delta: positive, zero or negative */
        long counter_get(counter_t *c);              /* may run while other threads add */
        void counter_destroy(counter_t *c);          /* called once no thread uses c */

        #endif
        """#

    static let starter = #"""
        #include "counter.h"

        #include <pthread.h>
        #include <stdlib.h>

        struct counter {
            long value;
            /* Add what you need to make the counter safe to use from many threads. */
        };

        counter_t *counter_create(void)
        {
            counter_t *c = malloc(sizeof *c);
            if (c == NULL)
                return NULL;
            c->value = 0;
            return c;
        }

        void counter_add(counter_t *c, long delta)
        {
            /* Add delta to the counter, safely. */
            (void)c;
            (void)delta;
        }

        long counter_get(counter_t *c)
        {
            /* Return the counter's value, safely. */
            (void)c;
            return 0;
        }

        void counter_destroy(counter_t *c)
        {
            free(c);
        }
        """#

    static let reference = #"""
        #include "counter.h"

        #include <pthread.h>
        #include <stdlib.h>

        struct counter {
            pthread_mutex_t lock;
            long value;
        };

        counter_t *counter_create(void)
        {
            counter_t *c = malloc(sizeof *c);
            if (c == NULL)
                return NULL;
            pthread_mutex_init(&c->lock, NULL);
            c->value = 0;
            return c;
        }

        void counter_add(counter_t *c, long delta)
        {
            pthread_mutex_lock(&c->lock);
            c->value += delta;
            pthread_mutex_unlock(&c->lock);
        }

        long counter_get(counter_t *c)
        {
            pthread_mutex_lock(&c->lock);
            long value = c->value;
            pthread_mutex_unlock(&c->lock);
            return value;
        }

        void counter_destroy(counter_t *c)
        {
            pthread_mutex_destroy(&c->lock);
            free(c);
        }
        """#

    /// One thread, every kind of delta; a watchdog names the call that never returned.
    static let single = #"""
        #include "counter.h"

        #include <signal.h>
        #include <stdio.h>
        #include <stdlib.h>
        #include <string.h>
        #include <unistd.h>

        static volatile sig_atomic_t current_delta;
        static volatile sig_atomic_t in_get;

        static void put_long(char *buf, size_t *len, long v)
        {
            char digits[24];
            int n = 0;
            unsigned long u = v < 0 ? -(unsigned long)v : (unsigned long)v;
            do {
                digits[n++] = (char)('0' + u % 10);
                u /= 10;
            } while (u != 0);
            if (v < 0)
                buf[(*len)++] = '-';
            while (n > 0)
                buf[(*len)++] = digits[--n];
        }

        static void on_alarm(int sig)
        {
            (void)sig;
            char msg[200];
            size_t len = 0;
            const char *head = in_get ? "deadlock: counter_get never returned in a single-threaded run, right after "
                                        "counter_add(c, "
                                      : "deadlock: counter_add(c, ";
            const char *tail = in_get ? "); does a function return while holding a lock?\n"
                                      : ") never returned in a single-threaded run; does a function return while "
                                        "holding a lock?\n";
            memcpy(msg, head, strlen(head));
            len = strlen(head);
            put_long(msg, &len, current_delta);
            memcpy(msg + len, tail, strlen(tail));
            len += strlen(tail);
            write(STDERR_FILENO, msg, len);
            _exit(1);
        }

        static void expect(counter_t *c, long expected, const char *after)
        {
            in_get = 1;
            long got = counter_get(c);
            in_get = 0;
            if (got != expected) {
                fprintf(stderr, "wrong value: counter_get returned %ld after %s, expected %ld\n", got, after, expected);
                exit(1);
            }
        }

        int main(void)
        {
            signal(SIGALRM, on_alarm);
            alarm(2);

            counter_t *c = counter_create();
            if (c == NULL) {
                fprintf(stderr, "counter_create returned NULL\n");
                return 1;
            }
            expect(c, 0, "counter_create");

            static const long deltas[] = {5, 0, -3, 0, 1000000, -1000002, 7, 0, -7, 1};
            long sum = 0;
            char after[64];
            for (size_t i = 0; i < sizeof deltas / sizeof deltas[0]; i++) {
                current_delta = (sig_atomic_t)deltas[i];
                counter_add(c, deltas[i]);
                sum += deltas[i];
                snprintf(after, sizeof after, "adding %ld", deltas[i]);
                expect(c, sum, after);
            }
            counter_destroy(c);

            counter_t *d = counter_create();
            if (d == NULL) {
                fprintf(stderr, "counter_create returned NULL\n");
                return 1;
            }
            current_delta = -1;
            counter_add(d, -1);
            expect(d, -1, "adding -1 to a new counter");
            counter_destroy(d);
            return 0;
        }
        """#

    /// Threads adding at once: `counter_threads THREADS OPS mixed|negative|readers`.
    static let threads = #"""
        #include "counter.h"

        #include <pthread.h>
        #include <stdio.h>
        #include <stdlib.h>
        #include <string.h>

        enum mode { MIXED, NEGATIVE, READERS };

        static counter_t *counter;
        static enum mode mode;
        static long ops;
        static long total_added;

        /* The k-th delta of thread i: a mix of signs and sizes, including zero. */
        static long delta_of(long i, long k)
        {
            switch (mode) {
            case MIXED: {
                static const long pattern[] = {3, -1, 0, 1, -2, 5};
                return pattern[(i + k) % 6];
            }
            case NEGATIVE:
                return (k % 3 == 0) ? 0 : -1;
            case READERS:
                return 1;
            }
            return 0;
        }

        static void *adder(void *arg)
        {
            long i = (long)arg;
            for (long k = 0; k < ops; k++)
                counter_add(counter, delta_of(i, k));
            return NULL;
        }

        /* With only positive deltas, a correct counter never appears to go down or past the total. */
        static void *reader(void *arg)
        {
            (void)arg;
            long last = 0;
            for (long k = 0; k < ops; k++) {
                long v = counter_get(counter);
                if (v < last || v > total_added) {
                    fprintf(stderr,
                            "inconsistent read: counter_get returned %ld after %ld, while only deltas of +1 "
                            "(%ld in all) were added\n",
                            v, last, total_added);
                    exit(1);
                }
                last = v;
            }
            return NULL;
        }

        int main(int argc, char **argv)
        {
            if (argc != 4) {
                fprintf(stderr, "usage: %s THREADS OPS mixed|negative|readers\n", argv[0]);
                return 2;
            }
            long nthreads = atol(argv[1]);
            ops = atol(argv[2]);
            mode = strcmp(argv[3], "negative") == 0 ? NEGATIVE : strcmp(argv[3], "readers") == 0 ? READERS : MIXED;

            long adders = mode == READERS ? nthreads / 2 : nthreads;
            long expected = 0;
            for (long i = 0; i < adders; i++)
                for (long k = 0; k < ops; k++)
                    expected += delta_of(i, k);
            total_added = expected;

            counter = counter_create();
            if (counter == NULL) {
                fprintf(stderr, "counter_create returned NULL\n");
                return 1;
            }
            pthread_t *threads = calloc((size_t)nthreads, sizeof *threads);
            for (long i = 0; i < nthreads; i++)
                pthread_create(&threads[i], NULL, i < adders ? adder : reader, (void *)i);
            for (long i = 0; i < nthreads; i++)
                pthread_join(threads[i], NULL);

            long got = counter_get(counter);
            if (got != expected) {
                fprintf(stderr, "lost update: final value %ld, expected %ld (%ld threads adding %ld times each)\n",
                        got, expected, adders, ops);
                return 1;
            }
            counter_destroy(counter);
            free(threads);
            return 0;
        }
        """#
}
