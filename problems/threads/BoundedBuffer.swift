import PsetModel

extension Bank {
    /// Pinned task: a blocking FIFO queue with a fixed capacity.
    static let boundedBuffer = CodingProblem("threads/bounded-buffer") { params in
        // Each student's hidden tests run their own thread counts and sizes, so revealed details fit no one else.
        let oneSlotThreads = params.pick("one-slot-threads", from: [3, 4])
        let oneSlotItems = params.pick("one-slot-items", from: [20, 25])
        let stressCapacity = params.pick("stress-capacity", from: [6, 8])
        Title("A bounded buffer")
        Topics(.conditionVariables, .mutexes, .pthreads)
        Points(14)
        Prompt(
            """
            Implement a blocking first-in, first-out queue of `int`s with a fixed capacity, for any number of \
            producer and consumer threads. Submit `bbuf.c`, implementing `bbuf.h` exactly as given:

            ```c
            typedef struct bbuf bbuf_t;
            bbuf_t *bbuf_create(int capacity);   /* capacity >= 1 */
            void bbuf_put(bbuf_t *b, int item);  /* blocks while the buffer holds `capacity` items */
            int bbuf_get(bbuf_t *b);             /* blocks while empty; first in, first out */
            void bbuf_destroy(bbuf_t *b);        /* called once no thread uses b */
            ```

            Requirements:
            - With any number of producers and consumers, every item put is returned by exactly one get; nothing \
            is lost, duplicated or invented.
            - Single-threaded, items come out in the order they went in.
            - A put blocks once `capacity` items are held, and not before.
            - No deadlock under any schedule, any wake-up order, or spurious wake-ups.
            - Waiting threads block rather than spin: a thread waiting on an empty buffer for a while uses next \
            to no CPU time.
            - No data race.

            Use a mutex and condition variables. Remember that `pthread_cond_wait` may return without a signal \
            (a spurious wake-up) and that another thread may run between the signal and the waiter's return: the \
            grader's schedule exploration does both on purpose.
            """)
        Header("bbuf.h", Source.header)
        Starter("bbuf.c", Source.starter)
        Reference("bbuf.c", Source.reference)
        Support("bbuf_fifo.c", BufferHarness.fifo(prefix: "bbuf"))
        Support("bbuf_capacity.c", Source.capacity)
        Support("bbuf_threads.c", BufferHarness.threads(prefix: "bbuf"))
        Support("bbuf_idle.c", Source.idle)
        Budget(schedules: 100, runSeconds: 5)
        Concurrency(.threads)
        Allows(.standard, .output, .threads, .locks, .conditionVariables, .semaphores, .atomics, .time)

        TestCase("fifo-single-thread", points: 2, harness: "bbuf_fifo.c")
        TestCase("capacity-blocks", points: 2, harness: "bbuf_capacity.c", checks: [.races])
        TestCase(
            "producers-consumers", points: 3, harness: "bbuf_threads.c", arguments: ["3", "3", "2", "60"],
            checks: [.races, .schedules])
        TestCase(
            "one-slot-many-threads", points: 3, hidden: true, harness: "bbuf_threads.c",
            arguments: ["\(oneSlotThreads)", "\(oneSlotThreads)", "1", "\(oneSlotItems)"], checks: [.schedules])
        TestCase(
            "stress", points: 2, hidden: true, harness: "bbuf_threads.c",
            arguments: ["4", "4", "\(stressCapacity)", "5000"], checks: [.races])
        TestCase("no-busy-waiting", points: 2, hidden: true, harness: "bbuf_idle.c", checks: [.noBusyWaiting])

        Mutant(
            "if-not-while",
            reason: """
                spurious wake-up not handled: `bbuf_get` waits with `if` instead of `while`, so after a spurious \
                wake-up, or when another consumer took the item first, it takes an item from an empty buffer
                """,
            mustFail: ["producers-consumers", "one-slot-many-threads"],
            File("bbuf.c", Source.reference.replacing("while (b->count == 0)", with: "if (b->count == 0)")))
        Mutant(
            "single-condition-signal",
            reason: """
                deadlock: producers and consumers wait on one condition variable woken with `pthread_cond_signal`, \
                so a put can wake another producer instead of a consumer and every thread ends up waiting
                """,
            mustFail: ["one-slot-many-threads"],
            File(
                "bbuf.c",
                Source.reference
                    .replacing(
                        "    pthread_cond_t not_full;\n    pthread_cond_t not_empty;\n",
                        with: "    pthread_cond_t changed;\n"
                    )
                    .replacing(
                        "    pthread_cond_init(&b->not_full, NULL);\n    pthread_cond_init(&b->not_empty, NULL);\n",
                        with: "    pthread_cond_init(&b->changed, NULL);\n"
                    )
                    .replacing(
                        "    pthread_cond_destroy(&b->not_full);\n    pthread_cond_destroy(&b->not_empty);\n",
                        with: "    pthread_cond_destroy(&b->changed);\n"
                    )
                    .replacing("not_full", with: "changed")
                    .replacing("not_empty", with: "changed")))
        Mutant(
            "spin-wait",
            reason: """
                busy waiting: `bbuf_get` loops unlocking and relocking the mutex while the buffer is empty instead \
                of waiting on a condition variable, burning CPU time
                """,
            mustFail: ["no-busy-waiting"],
            File(
                "bbuf.c",
                Source.reference.replacing(
                    "    while (b->count == 0)\n        pthread_cond_wait(&b->not_empty, &b->lock);\n",
                    with: """
                            while (b->count == 0) {
                                pthread_mutex_unlock(&b->lock);
                                pthread_mutex_lock(&b->lock);
                            }

                        """)))
        Mutant(
            "blocks-one-early",
            reason: "off by one: `bbuf_put` blocks once `capacity - 1` items are held, before the buffer is full",
            mustFail: ["fifo-single-thread", "capacity-blocks"],
            File(
                "bbuf.c",
                Source.reference.replacing(
                    "while (b->count == b->capacity)", with: "while (b->count >= b->capacity - 1)")))
        Mutant(
            "stack-not-queue",
            reason: "out of order: items come out last in, first out, because the array is used as a stack",
            mustFail: ["fifo-single-thread"],
            File(
                "bbuf.c",
                Source.reference
                    .replacing(
                        """
                            b->items[b->tail] = item;
                            b->tail = (b->tail + 1) % b->capacity;
                            b->count++;
                        """,
                        with: "    b->items[b->count++] = item;"
                    )
                    .replacing(
                        """
                            int item = b->items[b->head];
                            b->head = (b->head + 1) % b->capacity;
                            b->count--;
                        """,
                        with: "    int item = b->items[--b->count];")))
    }
}

/// The C sources of `threads/bounded-buffer`.
private enum Source {
    static let header = #"""
        #ifndef BBUF_H
        #define BBUF_H

        typedef struct bbuf bbuf_t;

        bbuf_t *bbuf_create(int capacity);   /* capacity >= 1 */
        void bbuf_put(bbuf_t *b, int item);  /* blocks while the buffer holds `capacity` items */
        int bbuf_get(bbuf_t *b);             /* blocks while empty; first in, first out */
        void bbuf_destroy(bbuf_t *b);        /* called once no thread uses b */

        #endif
        """#

    static let starter = #"""
        #include "bbuf.h"

        #include <pthread.h>
        #include <stdlib.h>

        struct bbuf {
            int *items;    /* a circular array of `capacity` slots */
            int capacity;
            int count;     /* items held */
            int head;      /* slot of the next item to get */
            int tail;      /* slot the next put fills */
            /* Add the synchronisation you need. */
        };

        bbuf_t *bbuf_create(int capacity)
        {
            bbuf_t *b = malloc(sizeof *b);
            if (b == NULL)
                return NULL;
            b->items = malloc(sizeof *b->items * (size_t)capacity);
            if (b->items == NULL) {
                free(b);
                return NULL;
            }
            b->capacity = capacity;
            b->count = 0;
            b->head = 0;
            b->tail = 0;
            return b;
        }

        void bbuf_put(bbuf_t *b, int item)
        {
            /* Wait while the buffer is full, then store item at the tail. */
            (void)b;
            (void)item;
        }

        int bbuf_get(bbuf_t *b)
        {
            /* Wait while the buffer is empty, then remove and return the item at the head. */
            (void)b;
            return 0;
        }

        void bbuf_destroy(bbuf_t *b)
        {
            free(b->items);
            free(b);
        }
        """#

    static let reference = #"""
        #include "bbuf.h"

        #include <pthread.h>
        #include <stdlib.h>

        struct bbuf {
            pthread_mutex_t lock;
            pthread_cond_t not_full;
            pthread_cond_t not_empty;
            int *items;    /* a circular array of `capacity` slots */
            int capacity;
            int count;     /* items held */
            int head;      /* slot of the next item to get */
            int tail;      /* slot the next put fills */
        };

        bbuf_t *bbuf_create(int capacity)
        {
            bbuf_t *b = malloc(sizeof *b);
            if (b == NULL)
                return NULL;
            b->items = malloc(sizeof *b->items * (size_t)capacity);
            if (b->items == NULL) {
                free(b);
                return NULL;
            }
            pthread_mutex_init(&b->lock, NULL);
            pthread_cond_init(&b->not_full, NULL);
            pthread_cond_init(&b->not_empty, NULL);
            b->capacity = capacity;
            b->count = 0;
            b->head = 0;
            b->tail = 0;
            return b;
        }

        void bbuf_put(bbuf_t *b, int item)
        {
            pthread_mutex_lock(&b->lock);
            while (b->count == b->capacity)
                pthread_cond_wait(&b->not_full, &b->lock);
            b->items[b->tail] = item;
            b->tail = (b->tail + 1) % b->capacity;
            b->count++;
            pthread_cond_signal(&b->not_empty);
            pthread_mutex_unlock(&b->lock);
        }

        int bbuf_get(bbuf_t *b)
        {
            pthread_mutex_lock(&b->lock);
            while (b->count == 0)
                pthread_cond_wait(&b->not_empty, &b->lock);
            int item = b->items[b->head];
            b->head = (b->head + 1) % b->capacity;
            b->count--;
            pthread_cond_signal(&b->not_full);
            pthread_mutex_unlock(&b->lock);
            return item;
        }

        void bbuf_destroy(bbuf_t *b)
        {
            pthread_mutex_destroy(&b->lock);
            pthread_cond_destroy(&b->not_full);
            pthread_cond_destroy(&b->not_empty);
            free(b->items);
            free(b);
        }
        """#

    /// One thread: order, wrap-around, and puts up to capacity never blocking (a watchdog says so).

    /// A producer fills the buffer past its capacity: it must block exactly when the buffer is full.
    static let capacity = #"""
        #include "bbuf.h"

        #include <pthread.h>
        #include <signal.h>
        #include <stdatomic.h>
        #include <stdio.h>
        #include <stdlib.h>
        #include <string.h>
        #include <time.h>
        #include <unistd.h>

        enum { CAPACITY = 3 };

        static bbuf_t *buffer;
        static atomic_int puts_returned;

        static void on_alarm(int sig)
        {
            (void)sig;
            const char *msg = "deadlock: a put or get never returned although the other side had room or items\n";
            write(STDERR_FILENO, msg, strlen(msg));
            _exit(1);
        }

        static void *producer(void *arg)
        {
            (void)arg;
            for (int i = 0; i <= CAPACITY; i++) {
                bbuf_put(buffer, i);
                atomic_fetch_add(&puts_returned, 1);
            }
            return NULL;
        }

        static void pause_ms(long ms)
        {
            struct timespec t = {ms / 1000, (ms % 1000) * 1000000};
            nanosleep(&t, NULL);
        }

        int main(void)
        {
            signal(SIGALRM, on_alarm);
            alarm(4);
            buffer = bbuf_create(CAPACITY);
            if (buffer == NULL) {
                fprintf(stderr, "bbuf_create(%d) returned NULL\n", CAPACITY);
                return 1;
            }
            pthread_t thread;
            pthread_create(&thread, NULL, producer, NULL);
            /* Give the producer up to two seconds to fill the buffer, then time for one put too many. */
            for (int waited = 0; waited < 2000 && atomic_load(&puts_returned) < CAPACITY; waited += 5)
                pause_ms(5);
            pause_ms(100);
            int done = atomic_load(&puts_returned);
            if (done < CAPACITY) {
                fprintf(stderr, "put blocked too early: only %d puts returned into an empty buffer of capacity %d\n",
                        done, CAPACITY);
                return 1;
            }
            if (done > CAPACITY) {
                fprintf(stderr, "put did not block: %d puts returned into a buffer of capacity %d, nobody got\n", done,
                        CAPACITY);
                return 1;
            }
            int first = bbuf_get(buffer);
            pthread_join(thread, NULL);
            if (first != 0) {
                fprintf(stderr, "out of order: first bbuf_get returned %d, expected 0\n", first);
                return 1;
            }
            for (int i = 1; i <= CAPACITY; i++) {
                int got = bbuf_get(buffer);
                if (got != i) {
                    fprintf(stderr, "out of order: bbuf_get returned %d, expected %d\n", got, i);
                    return 1;
                }
            }
            bbuf_destroy(buffer);
            return 0;
        }
        """#

    /// Producers and consumers at once: `bbuf_threads PRODUCERS CONSUMERS CAPACITY ITEMS_PER_PRODUCER`.

    /// A consumer waits on an empty buffer and a producer on a full one; neither may burn CPU time.
    static let idle = #"""
        #include "bbuf.h"

        #include <pthread.h>
        #include <stdatomic.h>
        #include <stdio.h>
        #include <stdlib.h>
        #include <sys/syscall.h>
        #include <time.h>
        #include <unistd.h>

        enum { WAIT_MS = 200, CPU_LIMIT_MS = 20 };

        static bbuf_t *buffer;

        /* What a waiting thread has used so far: `cpu` measured by the thread itself; `runnable`, its CPU time
           plus its time ready to run but waiting for a CPU, read by the main thread from the kernel's schedstat
           while the thread should be blocked. A thread that spins is runnable for the whole wait even when a
           loaded machine gives it only a sliver of CPU time; one that blocks is not. */
        struct usage {
            atomic_int tid;
            atomic_long runnable_at_start;
            long cpu;
        };

        static long thread_cpu_ms(void)
        {
            struct timespec t;
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
            return t.tv_sec * 1000 + t.tv_nsec / 1000000;
        }

        /* The thread's time running or ready to run in ms, or -1 where the kernel does not say. */
        static long runnable_ms(int tid)
        {
            char path[64];
            unsigned long long ran, waited;
            snprintf(path, sizeof path, "/proc/self/task/%d/schedstat", tid);
            FILE *stats = fopen(path, "r");
            if (stats == NULL) return -1;
            int fields = fscanf(stats, "%llu %llu", &ran, &waited);
            fclose(stats);
            return fields == 2 ? (long)((ran + waited) / 1000000) : -1;
        }

        static void start_waiting(struct usage *usage)
        {
            int tid = (int)syscall(SYS_gettid);
            atomic_store(&usage->runnable_at_start, runnable_ms(tid));
            atomic_store(&usage->tid, tid);
        }

        static void *waiting_consumer(void *arg)
        {
            struct usage *usage = arg;
            start_waiting(usage);
            long start = thread_cpu_ms();
            int item = bbuf_get(buffer);
            usage->cpu = thread_cpu_ms() - start;
            if (item != 42) {
                fprintf(stderr, "wrong item: bbuf_get returned %d, expected 42\n", item);
                exit(1);
            }
            return NULL;
        }

        static void *waiting_producer(void *arg)
        {
            struct usage *usage = arg;
            start_waiting(usage);
            long start = thread_cpu_ms();
            bbuf_put(buffer, 2);
            usage->cpu = thread_cpu_ms() - start;
            return NULL;
        }

        static void pause_ms(long ms)
        {
            struct timespec t = {ms / 1000, (ms % 1000) * 1000000};
            nanosleep(&t, NULL);
        }

        static void check(const char *what, void *(*body)(void *), void (*release)(void))
        {
            struct usage usage = {0};
            pthread_t thread;
            pthread_create(&thread, NULL, body, &usage);
            pause_ms(WAIT_MS);
            long runnable = -1;
            int tid = atomic_load(&usage.tid);
            long at_start = atomic_load(&usage.runnable_at_start);
            long now = tid != 0 && at_start >= 0 ? runnable_ms(tid) : -1;
            if (now >= 0) runnable = now - at_start;
            release();
            pthread_join(thread, NULL);
            long used = usage.cpu > runnable ? usage.cpu : runnable;
            if (used > CPU_LIMIT_MS) {
                fprintf(stderr,
                        "busy waiting: a thread blocked in %s was running or ready to run for %ld ms of about %d ms "
                        "of waiting; wait on a condition variable instead of looping\n",
                        what, used, WAIT_MS);
                exit(1);
            }
        }

        static void put_answer(void)
        {
            bbuf_put(buffer, 42);
        }

        static void take_one(void)
        {
            if (bbuf_get(buffer) != 1) {
                fprintf(stderr, "out of order: expected the first item, 1\n");
                exit(1);
            }
        }

        int main(void)
        {
            buffer = bbuf_create(1);
            if (buffer == NULL) {
                fprintf(stderr, "bbuf_create(1) returned NULL\n");
                return 1;
            }
            check("bbuf_get on an empty buffer", waiting_consumer, put_answer);
            bbuf_put(buffer, 1);
            check("bbuf_put on a full buffer", waiting_producer, take_one);
            bbuf_destroy(buffer);
            return 0;
        }
        """#
}
