import PsetModel

extension Bank {
    /// A reusable barrier built from POSIX semaphores.
    static let barrier = CodingProblem("threads/barrier") {
        Title("A reusable barrier from semaphores")
        Topics(.semaphores, .pthreads)
        Points(10)
        Prompt(
            """
            A barrier makes a group of threads wait for each other: no thread gets past it until all of them \
            have reached it. Build one from POSIX unnamed semaphores (`sem_init`, `sem_wait`, `sem_post`), not \
            from `pthread_barrier_t` and not from condition variables. Submit `barrier.c`, implementing \
            `barrier.h` exactly as given:

            ```c
            typedef struct barrier barrier_t;
            barrier_t *barrier_create(int n);  /* n >= 1 threads take part */
            void barrier_wait(barrier_t *b);   /* returns once all n threads have called it */
            void barrier_destroy(barrier_t *b);/* called once no thread uses b */
            ```

            Requirements:
            - `barrier_wait` returns in a thread only once all `n` threads have called it in the current round.
            - The barrier is reusable: the same `n` threads call `barrier_wait` again and again, round after \
            round, and a fast thread must not slip through the next round's barrier before the slow ones have \
            left the current one.
            - No deadlock and no data race, under any schedule.

            Hint: a counter protected by a semaphore used as a mutex, and two "turnstile" semaphores, one for \
            entering and one for leaving, so that no thread can lap the others.
            """)
        Header("barrier.h", Source.header)
        Starter("barrier.c", Source.starter)
        Reference("barrier.c", Source.reference)
        Support("barrier_rounds.c", Source.rounds)
        Budget(schedules: 100, runSeconds: 5)
        Concurrency(.threads)
        Allows(.standard, .output, .threads, .locks, .conditionVariables, .semaphores, .atomics, .time)
        Forbids(
            "pthread_barrier_*", "pthread_cond_*",
            because: "build the barrier from semaphores, not from `pthread_barrier_t` or condition variables")

        TestCase("single-thread", points: 1, harness: "barrier_rounds.c", arguments: ["1", "50"])
        TestCase(
            "one-round", points: 2, harness: "barrier_rounds.c", arguments: ["4", "1"], checks: [.races, .schedules])
        TestCase(
            "reusable", points: 4, harness: "barrier_rounds.c", arguments: ["3", "20"], checks: [.races, .schedules])
        TestCase(
            "stress", points: 3, hidden: true, harness: "barrier_rounds.c", arguments: ["8", "2000"], checks: [.races])

        Mutant(
            "condition-variable",
            reason: """
                builds the barrier from a condition variable, which the prompt rules out: semaphores, not \
                `pthread_barrier_t` or condition variables
                """,
            mustFail: ["single-thread", "one-round", "reusable"],
            File("barrier.c", Source.conditionVariable))
        Mutant(
            "one-turnstile",
            reason: """
                not reusable: with a single turnstile a fast thread can pass the next round's barrier on a token \
                left over from the current round, before the slow threads have arrived
                """,
            mustFail: ["reusable", "stress"],
            File("barrier.c", Source.oneTurnstile))
        Mutant(
            "unprotected-count",
            reason: """
                data race on `struct barrier.count`: arrivals are counted without the mutex semaphore, so an \
                arrival can be lost and the barrier never opens (deadlock)
                """,
            mustFail: ["one-round", "reusable"],
            File(
                "barrier.c",
                Source.reference.replacing(
                    """
                        sem_wait(&b->mutex);
                        if (++b->count == b->n)
                            post_n(&b->enter, b->n);
                        sem_post(&b->mutex);
                    """,
                    with: """
                            if (++b->count == b->n)
                                post_n(&b->enter, b->n);
                        """)))
        Mutant(
            "post-once",
            reason: "deadlock: the last thread to arrive posts the turnstile once instead of once per waiting thread",
            mustFail: ["one-round", "reusable"],
            File("barrier.c", Source.reference.replacing("post_n(&b->enter, b->n);", with: "sem_post(&b->enter);")))
        Mutant(
            "wait-holding-mutex",
            reason: """
                deadlock: each thread waits on the turnstile while still holding the mutex semaphore, so the other \
                threads can never arrive
                """,
            mustFail: ["one-round", "reusable"],
            File(
                "barrier.c",
                Source.reference.replacing(
                    """
                        sem_wait(&b->mutex);
                        if (++b->count == b->n)
                            post_n(&b->enter, b->n);
                        sem_post(&b->mutex);
                        sem_wait(&b->enter);
                    """,
                    with: """
                            sem_wait(&b->mutex);
                            if (++b->count == b->n)
                                post_n(&b->enter, b->n);
                            sem_wait(&b->enter);
                            sem_post(&b->mutex);
                        """)))
    }
}

/// The C sources of `threads/barrier`.
private enum Source {
    /// A correct, reusable barrier on a mutex and a condition variable with a generation count: right, but not
    /// what the prompt asks for.
    static let conditionVariable = #"""
        #include "barrier.h"

        #include <pthread.h>
        #include <stdlib.h>

        struct barrier {
            pthread_mutex_t lock;
            pthread_cond_t all_here;
            int n;
            int waiting;
            unsigned long generation;
        };

        barrier_t *barrier_create(int n)
        {
            barrier_t *b = malloc(sizeof *b);
            if (b == NULL)
                return NULL;
            pthread_mutex_init(&b->lock, NULL);
            pthread_cond_init(&b->all_here, NULL);
            b->n = n;
            b->waiting = 0;
            b->generation = 0;
            return b;
        }

        void barrier_wait(barrier_t *b)
        {
            pthread_mutex_lock(&b->lock);
            unsigned long round = b->generation;
            if (++b->waiting == b->n) {
                b->waiting = 0;
                b->generation++;
                pthread_cond_broadcast(&b->all_here);
            } else {
                while (round == b->generation)
                    pthread_cond_wait(&b->all_here, &b->lock);
            }
            pthread_mutex_unlock(&b->lock);
        }

        void barrier_destroy(barrier_t *b)
        {
            pthread_cond_destroy(&b->all_here);
            pthread_mutex_destroy(&b->lock);
            free(b);
        }
        """#

    static let header = #"""
        #ifndef BARRIER_H
        #define BARRIER_H

        typedef struct barrier barrier_t;

        barrier_t *barrier_create(int n);   /* n >= 1 threads take part */
        void barrier_wait(barrier_t *b);    /* returns once all n threads have called it */
        void barrier_destroy(barrier_t *b); /* called once no thread uses b */

        #endif
        """#

    static let starter = #"""
        #include "barrier.h"

        #include <semaphore.h>
        #include <stdlib.h>

        struct barrier {
            int n;      /* threads taking part */
            int count;  /* threads that have arrived in this round */
            /* Add the semaphores you need. */
        };

        barrier_t *barrier_create(int n)
        {
            barrier_t *b = malloc(sizeof *b);
            if (b == NULL)
                return NULL;
            b->n = n;
            b->count = 0;
            return b;
        }

        void barrier_wait(barrier_t *b)
        {
            /* Block until all b->n threads have called barrier_wait in this round. */
            (void)b;
        }

        void barrier_destroy(barrier_t *b)
        {
            free(b);
        }
        """#

    static let reference = #"""
        #include "barrier.h"

        #include <semaphore.h>
        #include <stdlib.h>

        struct barrier {
            int n;        /* threads taking part */
            int count;    /* threads between the two turnstiles */
            sem_t mutex;  /* protects count; starts at 1 */
            sem_t enter;  /* opened n times once everyone has arrived */
            sem_t leave;  /* opened n times once everyone has passed `enter` */
        };

        barrier_t *barrier_create(int n)
        {
            barrier_t *b = malloc(sizeof *b);
            if (b == NULL)
                return NULL;
            b->n = n;
            b->count = 0;
            sem_init(&b->mutex, 0, 1);
            sem_init(&b->enter, 0, 0);
            sem_init(&b->leave, 0, 0);
            return b;
        }

        static void post_n(sem_t *s, int n)
        {
            for (int i = 0; i < n; i++)
                sem_post(s);
        }

        void barrier_wait(barrier_t *b)
        {
            sem_wait(&b->mutex);
            if (++b->count == b->n)
                post_n(&b->enter, b->n);
            sem_post(&b->mutex);
            sem_wait(&b->enter);

            /* Nobody leaves until everyone has passed `enter`, so no thread can lap the others. */
            sem_wait(&b->mutex);
            if (--b->count == 0)
                post_n(&b->leave, b->n);
            sem_post(&b->mutex);
            sem_wait(&b->leave);
        }

        void barrier_destroy(barrier_t *b)
        {
            sem_destroy(&b->mutex);
            sem_destroy(&b->enter);
            sem_destroy(&b->leave);
            free(b);
        }
        """#

    /// The classic student version: one turnstile, the count reset by the last thread to arrive.
    static let oneTurnstile = #"""
        #include "barrier.h"

        #include <semaphore.h>
        #include <stdlib.h>

        struct barrier {
            int n;
            int count;
            sem_t mutex;
            sem_t turnstile;
        };

        barrier_t *barrier_create(int n)
        {
            barrier_t *b = malloc(sizeof *b);
            if (b == NULL)
                return NULL;
            b->n = n;
            b->count = 0;
            sem_init(&b->mutex, 0, 1);
            sem_init(&b->turnstile, 0, 0);
            return b;
        }

        void barrier_wait(barrier_t *b)
        {
            sem_wait(&b->mutex);
            if (++b->count == b->n) {
                b->count = 0;
                for (int i = 0; i < b->n; i++)
                    sem_post(&b->turnstile);
            }
            sem_post(&b->mutex);
            sem_wait(&b->turnstile);
        }

        void barrier_destroy(barrier_t *b)
        {
            sem_destroy(&b->mutex);
            sem_destroy(&b->turnstile);
            free(b);
        }
        """#

    /// `barrier_rounds THREADS ROUNDS`: every thread publishes its round, meets the others, and checks theirs.
    static let rounds = #"""
        #include "barrier.h"

        #include <pthread.h>
        #include <stdio.h>
        #include <stdlib.h>

        static barrier_t *barrier;
        static int nthreads, rounds;
        static int *round_of; /* round_of[t]: the round thread t has reached; read by all between barriers */

        static void *worker(void *arg)
        {
            int me = (int)(long)arg;
            for (int r = 1; r <= rounds; r++) {
                round_of[me] = r;
                barrier_wait(barrier);
                for (int t = 0; t < nthreads; t++) {
                    if (round_of[t] != r) {
                        fprintf(stderr,
                                "barrier opened too early: in round %d, thread %d passed the barrier while thread "
                                "%d was in round %d\n",
                                r, me, t, round_of[t]);
                        exit(1);
                    }
                }
                barrier_wait(barrier);
            }
            return NULL;
        }

        int main(int argc, char **argv)
        {
            if (argc != 3) {
                fprintf(stderr, "usage: %s THREADS ROUNDS\n", argv[0]);
                return 2;
            }
            nthreads = atoi(argv[1]);
            rounds = atoi(argv[2]);
            barrier = barrier_create(nthreads);
            if (barrier == NULL) {
                fprintf(stderr, "barrier_create(%d) returned NULL\n", nthreads);
                return 1;
            }
            round_of = calloc((size_t)nthreads, sizeof *round_of);
            pthread_t *threads = calloc((size_t)nthreads, sizeof *threads);
            for (int t = 0; t < nthreads; t++)
                pthread_create(&threads[t], NULL, worker, (void *)(long)t);
            for (int t = 0; t < nthreads; t++)
                pthread_join(threads[t], NULL);
            barrier_destroy(barrier);
            free(threads);
            free(round_of);
            return 0;
        }
        """#
}
