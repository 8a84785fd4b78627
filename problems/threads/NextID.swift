import PsetModel

extension Bank {
    /// Making a non-reentrant function, with a global counter and a static buffer, safe for threads.
    static let nextID = CodingProblem("threads/next-id") {
        Title("Making a non-reentrant function thread-safe")
        Topics(.threadSafety, .mutexes)
        Points(9)
        Prompt(
            """
            The starter `idgen.c` contains a function that works in a single-threaded program but not with \
            threads:

            ```c
            const char *next_id(void);
            ```

            It returns the next id as a string, `"id-1"`, `"id-2"`, `"id-3"`, ..., counting the calls made by \
            the whole process. It keeps the count in a global variable and formats the id into a `static` \
            buffer, so two threads calling it at once can get the same id, and one thread's id can be \
            overwritten by another thread's call before it has read it.

            Make it thread-safe without changing its interface (`idgen.h`). Submit `idgen.c`.

            Requirements:
            - Across all threads, every call returns a different id, and together the calls made so far return \
            exactly `id-1` to `id-N`.
            - The returned string belongs to the calling thread: it stays unchanged until that same thread calls \
            `next_id` again, whatever other threads do meanwhile.
            - No data race.

            Protect the shared counter (a mutex or an atomic), and give each thread its own buffer \
            (`_Thread_local`, also spelt `__thread`).
            """)
        Header("idgen.h", Source.header)
        Starter("idgen.c", Source.starter)
        Reference("idgen.c", Source.reference)
        Support("idgen_sequence.c", Source.sequence)
        Support("idgen_threads.c", Source.threads)
        Budget(schedules: 100, runSeconds: 5)
        Concurrency(.threads)
        Allows(.standard, .output, .threads, .locks, .conditionVariables, .semaphores, .atomics, .time)

        TestCase("sequence", points: 1, harness: "idgen_sequence.c")
        TestCase(
            "unique-and-stable", points: 4, harness: "idgen_threads.c", arguments: ["4", "50", "yield"],
            checks: [.races, .schedules])
        TestCase(
            "stress", points: 4, hidden: true, harness: "idgen_threads.c", arguments: ["8", "5000", "no-yield"],
            checks: [.races])

        Mutant(
            "starter-unchanged",
            reason: "data race on the global counter and the static buffer: the starter is not thread-safe",
            mustFail: ["unique-and-stable", "stress"],
            File("idgen.c", Source.starter))
        Mutant(
            "shared-buffer",
            reason: """
                thread safety: the counter is protected but every thread formats into the same `static` buffer, \
                so another thread's call overwrites the id a thread was given
                """,
            mustFail: ["unique-and-stable"],
            File("idgen.c", Source.reference.replacing("static _Thread_local char buffer", with: "static char buffer")))
        Mutant(
            "read-after-unlock",
            reason: """
                duplicate id: the counter is incremented under the mutex but read again after unlocking, when \
                another thread may already have incremented it (a data race as well)
                """,
            mustFail: ["unique-and-stable"],
            File(
                "idgen.c",
                Source.reference
                    .replacing("    long id = ++counter;\n", with: "    ++counter;\n")
                    .replacing("\"id-%ld\", id);", with: "\"id-%ld\", counter);")))
        Mutant(
            "unlocked-counter",
            reason: """
                data race on the global counter: it is incremented without the mutex, so two threads can get the \
                same id
                """,
            mustFail: ["unique-and-stable", "stress"],
            File(
                "idgen.c",
                Source.reference
                    .replacing("static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;\n", with: "")
                    .replacing("    pthread_mutex_lock(&counter_lock);\n", with: "")
                    .replacing("    pthread_mutex_unlock(&counter_lock);\n", with: "")))
    }
}

/// The C sources of `threads/next-id`.
private enum Source {
    static let header = #"""
        #ifndef IDGEN_H
        #define IDGEN_H

        /* Returns "id-N", where N counts the calls made by the whole process, starting at 1.
           The string stays valid and unchanged until the calling thread calls next_id again. */
        const char *next_id(void);

        #endif
        """#

    static let starter = #"""
        #include "idgen.h"

        #include <stdio.h>

        static long counter;

        const char *next_id(void)
        {
            static char buffer[32];
            counter++;
            snprintf(buffer, sizeof buffer, "id-%ld", counter);
            return buffer;
        }
        """#

    static let reference = #"""
        #include "idgen.h"

        #include <pthread.h>
        #include <stdio.h>

        static long counter;
        static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;

        const char *next_id(void)
        {
            /* One buffer per thread: another thread's call cannot overwrite this thread's id. */
            static _Thread_local char buffer[32];
            pthread_mutex_lock(&counter_lock);
            long id = ++counter;
            pthread_mutex_unlock(&counter_lock);
            snprintf(buffer, sizeof buffer, "id-%ld", id);
            return buffer;
        }
        """#

    /// One thread: ids count up from 1.
    static let sequence = #"""
        #include "idgen.h"

        #include <stdio.h>
        #include <string.h>

        int main(void)
        {
            for (long i = 1; i <= 1000; i++) {
                char expected[32];
                snprintf(expected, sizeof expected, "id-%ld", i);
                const char *got = next_id();
                if (got == NULL || strcmp(got, expected) != 0) {
                    fprintf(stderr, "wrong id: call %ld returned \"%s\", expected \"%s\"\n", i, got ? got : "(null)",
                            expected);
                    return 1;
                }
            }
            return 0;
        }
        """#

    /// `idgen_threads THREADS CALLS yield|no-yield`: ids are unique, cover 1..N, and stay put until the owner's next
    /// call; `yield` lets other threads run between a call and the check (a switch point for schedule exploration).
    static let threads = #"""
        #include "idgen.h"

        #include <pthread.h>
        #include <sched.h>
        #include <stdio.h>
        #include <stdlib.h>
        #include <string.h>

        static long calls;
        static int yield;

        static void *caller(void *arg)
        {
            long *ids = arg;
            for (long k = 0; k < calls; k++) {
                const char *id = next_id();
                char copy[32];
                long n;
                char extra;
                if (id == NULL || sscanf(id, "id-%ld%c", &n, &extra) != 1) {
                    fprintf(stderr, "wrong id: next_id returned \"%s\", expected \"id-N\"\n", id ? id : "(null)");
                    exit(1);
                }
                snprintf(copy, sizeof copy, "%s", id);
                /* Let the other threads call next_id before this thread looks at its id again. */
                if (yield)
                    sched_yield();
                if (strcmp(id, copy) != 0) {
                    fprintf(stderr,
                            "thread safety: a thread was given \"%s\", but before its next call the string read "
                            "\"%s\"; another thread's call overwrote it\n",
                            copy, id);
                    exit(1);
                }
                ids[k] = n;
            }
            return NULL;
        }

        int main(int argc, char **argv)
        {
            if (argc != 4) {
                fprintf(stderr, "usage: %s THREADS CALLS yield|no-yield\n", argv[0]);
                return 2;
            }
            yield = strcmp(argv[3], "yield") == 0;
            int nthreads = atoi(argv[1]);
            calls = atol(argv[2]);
            long total = nthreads * calls;
            long *ids = calloc((size_t)total, sizeof *ids);
            pthread_t *threads = calloc((size_t)nthreads, sizeof *threads);
            for (int t = 0; t < nthreads; t++)
                pthread_create(&threads[t], NULL, caller, ids + t * calls);
            for (int t = 0; t < nthreads; t++)
                pthread_join(threads[t], NULL);

            char *seen = calloc((size_t)total + 1, 1);
            for (long i = 0; i < total; i++) {
                if (ids[i] < 1 || ids[i] > total) {
                    fprintf(stderr, "wrong id: got id-%ld, but only %ld calls were made\n", ids[i], total);
                    return 1;
                }
                if (seen[ids[i]]++) {
                    fprintf(stderr, "duplicate id: id-%ld was returned to two calls\n", ids[i]);
                    return 1;
                }
            }
            free(seen);
            free(ids);
            free(threads);
            return 0;
        }
        """#
}
