import PsetModel

extension Bank {
    /// The bounded buffer again, with counting semaphores instead of condition variables.
    static let semaphoreBuffer = CodingProblem("threads/semaphore-buffer") {
        Title("A bounded buffer from semaphores")
        Topics(.semaphores, .mutexes)
        Points(10)
        Prompt(
            """
            Implement the classic producer-consumer buffer with three POSIX unnamed semaphores and nothing else \
            for synchronisation: one counting the free slots, one counting the items held, and one used as a \
            mutex. Submit `sbuf.c`, implementing `sbuf.h` exactly as given:

            ```c
            typedef struct sbuf sbuf_t;
            sbuf_t *sbuf_create(int capacity);   /* capacity >= 1 */
            void sbuf_put(sbuf_t *b, int item);  /* blocks while the buffer holds `capacity` items */
            int sbuf_get(sbuf_t *b);             /* blocks while empty; first in, first out */
            void sbuf_destroy(sbuf_t *b);        /* called once no thread uses b */
            ```

            Requirements:
            - With any number of producers and consumers, every item put is returned by exactly one get; \
            nothing is lost, duplicated or invented. Single-threaded, items come out in the order they went in.
            - No deadlock under any schedule, and no data race.
            - Use `sem_init`, `sem_wait` and `sem_post` only: no `pthread_mutex_t`, no condition variables.

            Think about the order of the `sem_wait` calls: a thread that holds the mutex semaphore while it \
            waits for a free slot or an item stops every other thread from making one.
            """)
        Header("sbuf.h", Source.header)
        Starter("sbuf.c", Source.starter)
        Reference("sbuf.c", Source.reference)
        Support("sbuf_fifo.c", Source.fifo)
        Support("sbuf_threads.c", Source.threads)
        Budget(schedules: 100, runSeconds: 5)

        TestCase("fifo-single-thread", points: 2, harness: "sbuf_fifo.c")
        TestCase(
            "producers-consumers", points: 3, harness: "sbuf_threads.c", arguments: ["3", "3", "2", "60"],
            checks: [.races, .schedules])
        TestCase(
            "one-slot-many-threads", points: 3, hidden: true, harness: "sbuf_threads.c",
            arguments: ["4", "4", "1", "25"], checks: [.schedules])
        TestCase(
            "stress", points: 2, hidden: true, harness: "sbuf_threads.c", arguments: ["4", "4", "8", "5000"],
            checks: [.races])

        Mutant(
            "mutex-before-slot",
            reason: """
                deadlock: `sbuf_put` takes the mutex semaphore before waiting for a free slot, so a producer waiting \
                on a full buffer holds the mutex every consumer needs to make room
                """,
            mustFail: ["one-slot-many-threads"],
            File(
                "sbuf.c",
                Source.reference.replacing(
                    "    sem_wait(&b->slots);\n    sem_wait(&b->mutex);\n",
                    with: "    sem_wait(&b->mutex);\n    sem_wait(&b->slots);\n")))
        Mutant(
            "no-mutex-in-get",
            reason: """
                data race on `struct sbuf.head`: consumers update it without the mutex semaphore, so two consumers \
                can take the same item
                """,
            mustFail: ["stress"],
            File(
                "sbuf.c",
                Source.reference.replacing(
                    """
                        sem_wait(&b->filled);
                        sem_wait(&b->mutex);
                        int item = b->items[b->head];
                        b->head = (b->head + 1) % b->capacity;
                        sem_post(&b->mutex);
                    """,
                    with: """
                            sem_wait(&b->filled);
                            int item = b->items[b->head];
                            b->head = (b->head + 1) % b->capacity;
                        """)))
        Mutant(
            "swapped-initial-values",
            reason: """
                wrong initial values: the free-slot semaphore starts at 0 and the item semaphore at `capacity`, so a \
                get returns an item nobody put and a put blocks on an empty buffer
                """,
            mustFail: ["fifo-single-thread"],
            File(
                "sbuf.c",
                Source.reference
                    .replacing("sem_init(&b->slots, 0, (unsigned)capacity);", with: "sem_init(&b->slots, 0, 0);")
                    .replacing("sem_init(&b->filled, 0, 0);", with: "sem_init(&b->filled, 0, (unsigned)capacity);")))
        Mutant(
            "posts-wrong-semaphore",
            reason: """
                deadlock: `sbuf_get` posts the item semaphore instead of the free-slot one, so no slot is ever \
                freed and producers block for good once the buffer has been filled
                """,
            mustFail: ["fifo-single-thread", "producers-consumers"],
            File(
                "sbuf.c",
                Source.reference.replacing(
                    "    sem_post(&b->mutex);\n    sem_post(&b->slots);\n",
                    with: "    sem_post(&b->mutex);\n    sem_post(&b->filled);\n")))
    }
}

/// The C sources of `threads/semaphore-buffer`.
private enum Source {
    static let header = #"""
        #ifndef SBUF_H
        #define SBUF_H

        typedef struct sbuf sbuf_t;

        sbuf_t *sbuf_create(int capacity);   /* capacity >= 1 */
        void sbuf_put(sbuf_t *b, int item);  /* blocks while the buffer holds `capacity` items */
        int sbuf_get(sbuf_t *b);             /* blocks while empty; first in, first out */
        void sbuf_destroy(sbuf_t *b);        /* called once no thread uses b */

        #endif
        """#

    static let starter = #"""
        #include "sbuf.h"

        #include <semaphore.h>
        #include <stdlib.h>

        struct sbuf {
            int *items;    /* a circular array of `capacity` slots */
            int capacity;
            int head;      /* slot of the next item to get */
            int tail;      /* slot the next put fills */
            /* Add three semaphores: free slots, items held, and a mutex. */
        };

        sbuf_t *sbuf_create(int capacity)
        {
            sbuf_t *b = malloc(sizeof *b);
            if (b == NULL)
                return NULL;
            b->items = malloc(sizeof *b->items * (size_t)capacity);
            if (b->items == NULL) {
                free(b);
                return NULL;
            }
            b->capacity = capacity;
            b->head = 0;
            b->tail = 0;
            return b;
        }

        void sbuf_put(sbuf_t *b, int item)
        {
            /* Wait for a free slot, store item at the tail, announce the new item. */
            (void)b;
            (void)item;
        }

        int sbuf_get(sbuf_t *b)
        {
            /* Wait for an item, take it from the head, announce the free slot. */
            (void)b;
            return 0;
        }

        void sbuf_destroy(sbuf_t *b)
        {
            free(b->items);
            free(b);
        }
        """#

    static let reference = #"""
        #include "sbuf.h"

        #include <semaphore.h>
        #include <stdlib.h>

        struct sbuf {
            int *items;    /* a circular array of `capacity` slots */
            int capacity;
            int head;      /* slot of the next item to get */
            int tail;      /* slot the next put fills */
            sem_t mutex;   /* protects head, tail and items; starts at 1 */
            sem_t slots;   /* free slots; starts at capacity */
            sem_t filled;  /* items held; starts at 0 */
        };

        sbuf_t *sbuf_create(int capacity)
        {
            sbuf_t *b = malloc(sizeof *b);
            if (b == NULL)
                return NULL;
            b->items = malloc(sizeof *b->items * (size_t)capacity);
            if (b->items == NULL) {
                free(b);
                return NULL;
            }
            b->capacity = capacity;
            b->head = 0;
            b->tail = 0;
            sem_init(&b->mutex, 0, 1);
            sem_init(&b->slots, 0, (unsigned)capacity);
            sem_init(&b->filled, 0, 0);
            return b;
        }

        void sbuf_put(sbuf_t *b, int item)
        {
            /* Wait for room before taking the mutex: never hold it while blocked. */
            sem_wait(&b->slots);
            sem_wait(&b->mutex);
            b->items[b->tail] = item;
            b->tail = (b->tail + 1) % b->capacity;
            sem_post(&b->mutex);
            sem_post(&b->filled);
        }

        int sbuf_get(sbuf_t *b)
        {
            sem_wait(&b->filled);
            sem_wait(&b->mutex);
            int item = b->items[b->head];
            b->head = (b->head + 1) % b->capacity;
            sem_post(&b->mutex);
            sem_post(&b->slots);
            return item;
        }

        void sbuf_destroy(sbuf_t *b)
        {
            sem_destroy(&b->mutex);
            sem_destroy(&b->slots);
            sem_destroy(&b->filled);
            free(b->items);
            free(b);
        }
        """#

    /// One thread: order, wrap-around, and puts up to capacity never blocking (a watchdog says so).
    static let fifo = #"""
        #include "sbuf.h"

        #include <signal.h>
        #include <stdio.h>
        #include <stdlib.h>
        #include <string.h>
        #include <unistd.h>

        static volatile sig_atomic_t in_put;

        static void on_alarm(int sig)
        {
            (void)sig;
            const char *msg = in_put
                ? "deadlock: sbuf_put blocked in a single-threaded run although the buffer was not full\n"
                : "deadlock: sbuf_get blocked in a single-threaded run although the buffer was not empty\n";
            write(STDERR_FILENO, msg, strlen(msg));
            _exit(1);
        }

        static void put(sbuf_t *b, int item)
        {
            in_put = 1;
            sbuf_put(b, item);
        }

        static void expect(sbuf_t *b, int expected, int capacity)
        {
            in_put = 0;
            int got = sbuf_get(b);
            if (got != expected) {
                fprintf(stderr, "out of order: sbuf_get returned %d, expected %d (one thread, capacity %d)\n", got,
                        expected, capacity);
                exit(1);
            }
        }

        static void check(int capacity)
        {
            sbuf_t *b = sbuf_create(capacity);
            if (b == NULL) {
                fprintf(stderr, "sbuf_create(%d) returned NULL\n", capacity);
                exit(1);
            }
            /* Fill to capacity, drain, then keep the buffer partly full so head and tail wrap many times. */
            for (int i = 0; i < capacity; i++)
                put(b, 100 + i);
            for (int i = 0; i < capacity; i++)
                expect(b, 100 + i, capacity);
            int next_put = 0;
            int next_get = 0;
            for (int round = 0; round < 200; round++) {
                int held = next_put - next_get;
                int puts = 1 + round % (capacity - held);
                for (int i = 0; i < puts; i++)
                    put(b, next_put++);
                int gets = 1 + (round * 7) % (held + puts);
                for (int i = 0; i < gets; i++)
                    expect(b, next_get++, capacity);
            }
            while (next_get < next_put)
                expect(b, next_get++, capacity);
            sbuf_destroy(b);
        }

        int main(void)
        {
            signal(SIGALRM, on_alarm);
            alarm(2);
            check(1);
            check(4);
            check(7);
            return 0;
        }
        """#

    /// Producers and consumers at once: `sbuf_threads PRODUCERS CONSUMERS CAPACITY ITEMS_PER_PRODUCER`.
    static let threads = #"""
        #include "sbuf.h"

        #include <pthread.h>
        #include <stdio.h>
        #include <stdlib.h>

        static sbuf_t *buffer;
        static int producers, consumers, per_producer, per_consumer;

        /* Item k of producer p is p * 1000000 + k, so every item names its producer and position. */
        static void *producer(void *arg)
        {
            int p = (int)(long)arg;
            for (int k = 0; k < per_producer; k++)
                sbuf_put(buffer, p * 1000000 + k);
            return NULL;
        }

        /* Each consumer keeps what it got; main checks it all once every thread has finished. */
        static void *consumer(void *arg)
        {
            int *got = arg;
            for (int k = 0; k < per_consumer; k++)
                got[k] = sbuf_get(buffer);
            return NULL;
        }

        int main(int argc, char **argv)
        {
            if (argc != 5) {
                fprintf(stderr, "usage: %s PRODUCERS CONSUMERS CAPACITY ITEMS_PER_PRODUCER\n", argv[0]);
                return 2;
            }
            producers = atoi(argv[1]);
            consumers = atoi(argv[2]);
            int capacity = atoi(argv[3]);
            per_producer = atoi(argv[4]);
            int total = producers * per_producer;
            per_consumer = total / consumers;

            buffer = sbuf_create(capacity);
            if (buffer == NULL) {
                fprintf(stderr, "sbuf_create(%d) returned NULL\n", capacity);
                return 1;
            }
            int *got = calloc((size_t)total, sizeof *got);
            pthread_t *threads = calloc((size_t)(producers + consumers), sizeof *threads);
            for (int c = 0; c < consumers; c++)
                pthread_create(&threads[c], NULL, consumer, got + c * per_consumer);
            for (int p = 0; p < producers; p++)
                pthread_create(&threads[consumers + p], NULL, producer, (void *)(long)p);
            for (int i = 0; i < producers + consumers; i++)
                pthread_join(threads[i], NULL);

            int *times = calloc((size_t)total, sizeof *times);
            for (int c = 0; c < consumers; c++) {
                int *last = malloc(sizeof *last * (size_t)producers);
                for (int p = 0; p < producers; p++)
                    last[p] = -1;
                for (int k = 0; k < per_consumer; k++) {
                    int item = got[c * per_consumer + k];
                    int p = item / 1000000;
                    int seq = item % 1000000;
                    if (item < 0 || p >= producers || seq >= per_producer) {
                        fprintf(stderr, "invented item: sbuf_get returned %d, which no producer put\n", item);
                        return 1;
                    }
                    if (++times[p * per_producer + seq] > 1) {
                        fprintf(stderr, "duplicated item: producer %d's item %d was returned twice\n", p, seq);
                        return 1;
                    }
                    if (seq < last[p]) {
                        fprintf(stderr,
                                "out of order: a consumer got producer %d's item %d after its item %d "
                                "(first in, first out)\n",
                                p, seq, last[p]);
                        return 1;
                    }
                    last[p] = seq;
                }
                free(last);
            }
            for (int i = 0; i < total; i++) {
                if (times[i] == 0) {
                    fprintf(stderr, "lost item: producer %d's item %d was never returned\n", i / per_producer,
                            i % per_producer);
                    return 1;
                }
            }
            sbuf_destroy(buffer);
            free(got);
            free(times);
            free(threads);
            return 0;
        }
        """#
}
