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
        Support("sbuf_fifo.c", BufferHarness.fifo(prefix: "sbuf"))
        Support("sbuf_threads.c", BufferHarness.threads(prefix: "sbuf"))
        Budget(schedules: 100, runSeconds: 5)
        Concurrency(.threads)
        Allows(.standard, .output, .threads, .locks, .conditionVariables, .semaphores, .atomics, .time)
        Forbids(
            "pthread_mutex_*", "pthread_cond_*", "pthread_rwlock_*", "pthread_spin_*", "pthread_barrier_*",
            because: "the buffer synchronises with semaphores alone: no `pthread_mutex_t`, no condition variables")

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
            "pthread-mutex",
            reason: "guards the buffer with a `pthread_mutex_t`, which the prompt rules out: semaphores alone",
            mustFail: ["fifo-single-thread", "producers-consumers"],
            File(
                "sbuf.c",
                Source.reference
                    .replacing("#include <semaphore.h>", with: "#include <pthread.h>\n#include <semaphore.h>")
                    .replacing(
                        "sem_t mutex;   /* protects head, tail and items; starts at 1 */",
                        with: "pthread_mutex_t mutex;"
                    )
                    .replacing("sem_init(&b->mutex, 0, 1);", with: "pthread_mutex_init(&b->mutex, NULL);")
                    .replacing("sem_wait(&b->mutex);", with: "pthread_mutex_lock(&b->mutex);")
                    .replacing("sem_post(&b->mutex);", with: "pthread_mutex_unlock(&b->mutex);")
                    .replacing("sem_destroy(&b->mutex);", with: "pthread_mutex_destroy(&b->mutex);")))
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

    /// Producers and consumers at once: `sbuf_threads PRODUCERS CONSUMERS CAPACITY ITEMS_PER_PRODUCER`.
}
