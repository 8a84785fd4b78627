import PsetModel

extension Bank {
    /// Creating threads, handing each its own argument, and collecting their exit values with join.
    static let parallelSum = CodingProblem("threads/parallel-sum") {
        Title("Summing an array with threads")
        Topics(.pthreads, .threadSafety)
        Points(12)
        Prompt(
            """
            Sum an array of `long`s with several threads, each summing one slice and handing its result back \
            as its exit value. Submit `psum.c`, implementing `psum.h` exactly as given:

            ```c
            struct slice {
                const long *data;
                size_t len;
            };
            void *sum_slice(void *arg);
            long parallel_sum(const long *a, size_t n, int nthreads);
            ```

            Requirements:
            - `sum_slice` is a thread start routine. Its argument points to a `struct slice`; it sums the `len` \
            values from `data` and returns a pointer to a `long` holding that sum, allocated with `malloc`. \
            Whoever joins the thread reads the sum and frees it. Threads running `sum_slice` at the same time \
            must each get their own result.
            - `parallel_sum` returns the sum of `a[0]` to `a[n - 1]`. It creates exactly `nthreads` threads \
            (1 <= `nthreads` <= 64) with `pthread_create`, each running `sum_slice` on one contiguous slice; \
            the slices cover every element exactly once (`n` may be 0, or smaller than `nthreads`, or not a \
            multiple of it). It then joins every thread with `pthread_join`, adds the results, frees them and \
            returns the total.
            - No data race. Each thread needs its own `struct slice`, alive until that thread is done with it.
            """)
        Header("psum.h", Source.header)
        Starter("psum.c", Source.starter)
        Reference("psum.c", Source.reference)
        Support("psum_exit_value.c", Source.exitValue)
        Support("psum_sums.c", Source.sums)
        Support("psum_count.c", Source.count)
        Support("psum_frees.c", Source.frees)
        Budget(schedules: 100, runSeconds: 5)
        Concurrency(.threads)
        Allows(.standard, .output, .threads, .locks, .conditionVariables, .semaphores, .atomics, .time)

        TestCase("exit-value", points: 2, harness: "psum_exit_value.c", checks: [.races])
        TestCase("small", points: 2, harness: "psum_sums.c", arguments: ["100:4", "10:1", "64:64"])
        TestCase(
            "uneven", points: 2, hidden: true, harness: "psum_sums.c", arguments: ["1001:7", "3:8", "0:3", "65:64"])
        TestCase("creates-threads", points: 2, hidden: true, harness: "psum_count.c")
        TestCase(
            "concurrent", points: 2, hidden: true, harness: "psum_sums.c", arguments: ["800:4", "801:5", "99:3"],
            checks: [.races, .schedules])
        TestCase(
            "large-values", points: 1, hidden: true, harness: "psum_sums.c",
            arguments: ["1001:7:4000000", "800:4:-3000000", "65:64:4000000"])
        TestCase("frees-results", points: 1, hidden: true, harness: "psum_frees.c")

        Mutant(
            "shared-slice",
            reason: """
                data race on the threads' argument: every thread gets a pointer to the same `struct slice`, which \
                the creating loop overwrites for the next thread, so slices are summed twice or skipped
                """,
            mustFail: ["concurrent"],
            File(
                "psum.c",
                Source.reference
                    .replacing("    struct slice slices[64];\n", with: "    struct slice shared;\n")
                    .replacing(
                        """
                                slices[i].data = a + start;
                                slices[i].len = len;
                                pthread_create(&threads[i], NULL, sum_slice, &slices[i]);
                        """,
                        with: """
                                    shared.data = a + start;
                                    shared.len = len;
                                    pthread_create(&threads[i], NULL, sum_slice, &shared);
                            """)))
        Mutant(
            "static-result",
            reason: """
                thread safety: `sum_slice` returns the address of one `static long`, so every thread returns the \
                same variable and each overwrites the others' sums
                """,
            mustFail: ["exit-value", "concurrent"],
            File(
                "psum.c",
                Source.reference
                    .replacing(
                        "    long *sum = malloc(sizeof *sum);\n",
                        with: "    static long result;\n    long *sum = &result;\n"
                    )
                    .replacing("        free(partial);\n", with: "")))
        Mutant(
            "drops-remainder",
            reason: """
                wrong sum: every slice has `n / nthreads` elements, so the last `n % nthreads` elements are never \
                summed
                """,
            mustFail: ["uneven"],
            File(
                "psum.c",
                Source.reference
                    .replacing("    size_t extra = n % (size_t)nthreads;\n", with: "")
                    .replacing("size_t len = base + ((size_t)i < extra ? 1 : 0);", with: "size_t len = base;")))
        Mutant(
            "int-accumulator",
            reason: """
                overflow: `sum_slice` adds the `long` values into an `int`, which wraps around once a sum passes \
                2,147,483,647
                """,
            mustFail: ["large-values"],
            File(
                "psum.c",
                Source.reference.replacing(
                    """
                        *sum = 0;
                        for (size_t i = 0; i < s->len; i++)
                            *sum += s->data[i];
                    """,
                    with: """
                            int total = 0;
                            for (size_t i = 0; i < s->len; i++)
                                total += s->data[i];
                            *sum = total;
                        """)))
        Mutant(
            "never-frees",
            reason: """
                memory leak: `parallel_sum` reads each thread's sum but never frees it, though whoever joins the \
                thread owns the `malloc`ed result
                """,
            mustFail: ["frees-results"],
            File("psum.c", Source.reference.replacing("        free(partial);\n", with: "")))
        Mutant(
            "no-threads",
            reason: """
                no threads: `parallel_sum` calls `sum_slice` directly, one slice after another, instead of \
                creating a thread for each slice and joining it
                """,
            mustFail: ["creates-threads"],
            File(
                "psum.c",
                Source.reference
                    .replacing(
                        "        pthread_create(&threads[i], NULL, sum_slice, &slices[i]);\n",
                        with: "        results[i] = sum_slice(&slices[i]);\n"
                    )
                    .replacing(
                        "        void *partial;\n        pthread_join(threads[i], &partial);\n",
                        with: "        void *partial = results[i];\n"
                    )
                    .replacing("    pthread_t threads[64];\n", with: "    void *results[64];\n")))
    }
}

/// The C sources of `threads/parallel-sum`.
private enum Source {
    static let header = #"""
        #ifndef PSUM_H
        #define PSUM_H

        #include <stddef.h>

        struct slice {
            const long *data;
            size_t len;
        };

        /* Thread start routine: sums the slice `arg` points to and returns a malloc'ed long holding the sum. */
        void *sum_slice(void *arg);

        /* Sums a[0..n) with nthreads threads (1 <= nthreads <= 64), each running sum_slice on one slice. */
        long parallel_sum(const long *a, size_t n, int nthreads);

        #endif
        """#

    static let starter = #"""
        #include "psum.h"

        #include <pthread.h>
        #include <stdlib.h>

        void *sum_slice(void *arg)
        {
            const struct slice *s = arg;
            /* Sum s->len values from s->data and return the sum in a malloc'ed long. */
            (void)s;
            return NULL;
        }

        long parallel_sum(const long *a, size_t n, int nthreads)
        {
            /* Create nthreads threads running sum_slice on slices covering a[0..n), join them and add up. */
            (void)a;
            (void)n;
            (void)nthreads;
            return 0;
        }
        """#

    static let reference = #"""
        #include "psum.h"

        #include <pthread.h>
        #include <stdlib.h>

        void *sum_slice(void *arg)
        {
            const struct slice *s = arg;
            long *sum = malloc(sizeof *sum);
            if (sum == NULL)
                return NULL;
            *sum = 0;
            for (size_t i = 0; i < s->len; i++)
                *sum += s->data[i];
            return sum;
        }

        long parallel_sum(const long *a, size_t n, int nthreads)
        {
            pthread_t threads[64];
            struct slice slices[64];
            size_t base = n / (size_t)nthreads;
            size_t extra = n % (size_t)nthreads;
            size_t start = 0;
            for (int i = 0; i < nthreads; i++) {
                /* The first n % nthreads slices take one element more, so every element is summed once. */
                size_t len = base + ((size_t)i < extra ? 1 : 0);
                slices[i].data = a + start;
                slices[i].len = len;
                pthread_create(&threads[i], NULL, sum_slice, &slices[i]);
                start += len;
            }
            long total = 0;
            for (int i = 0; i < nthreads; i++) {
                void *partial;
                pthread_join(threads[i], &partial);
                if (partial != NULL)
                    total += *(long *)partial;
                free(partial);
            }
            return total;
        }
        """#

    /// Runs `sum_slice` in threads of its own, all at once, and checks each exit value.
    static let exitValue = #"""
        #include "psum.h"

        #include <pthread.h>
        #include <stdio.h>
        #include <stdlib.h>

        enum { THREADS = 6, LEN = 500 };

        int main(void)
        {
            static long data[THREADS * LEN];
            for (long i = 0; i < THREADS * LEN; i++)
                data[i] = (i * 7919) % 1000 - 300;

            struct slice slices[THREADS];
            long expected[THREADS];
            pthread_t threads[THREADS];
            for (int t = 0; t < THREADS; t++) {
                /* Slice t has t * 100 elements, so no two threads compute the same sum (slice 0 is empty). */
                slices[t].data = data + t * LEN;
                slices[t].len = (size_t)t * 100;
                expected[t] = 0;
                for (size_t i = 0; i < slices[t].len; i++)
                    expected[t] += slices[t].data[i];
            }
            for (int t = 0; t < THREADS; t++)
                pthread_create(&threads[t], NULL, sum_slice, &slices[t]);
            long *results[THREADS];
            for (int t = 0; t < THREADS; t++)
                pthread_join(threads[t], (void **)&results[t]);

            for (int t = 0; t < THREADS; t++) {
                if (results[t] == NULL) {
                    fprintf(stderr, "no exit value: the thread summing %zu elements returned NULL\n", slices[t].len);
                    return 1;
                }
                for (int u = 0; u < t; u++) {
                    if (results[u] == results[t]) {
                        fprintf(stderr,
                                "shared result: threads %d and %d returned the same pointer; each thread must return "
                                "a long of its own, from malloc\n",
                                u, t);
                        return 1;
                    }
                }
            }
            for (int t = 0; t < THREADS; t++) {
                if (*results[t] != expected[t]) {
                    fprintf(stderr, "wrong exit value: the thread summing %zu elements returned %ld, expected %ld\n",
                            slices[t].len, *results[t], expected[t]);
                    return 1;
                }
                free(results[t]);
            }
            return 0;
        }
        """#

    /// `psum_sums N:THREADS[:SCALE]...`: calls `parallel_sum` on arrays of N mixed-sign values, each times SCALE.
    static let sums = #"""
        #include "psum.h"

        #include <stdio.h>
        #include <stdlib.h>

        int main(int argc, char **argv)
        {
            for (int arg = 1; arg < argc; arg++) {
                size_t n;
                int nthreads;
                long scale = 1;
                if (sscanf(argv[arg], "%zu:%d:%ld", &n, &nthreads, &scale) < 2) {
                    fprintf(stderr, "usage: %s N:THREADS[:SCALE]...\n", argv[0]);
                    return 2;
                }
                long *a = malloc(sizeof *a * (n + 1));
                long expected = 0;
                for (size_t i = 0; i < n; i++) {
                    /* With a large SCALE the values, and the sums, no longer fit in an int. */
                    a[i] = ((long)((i * 7919) % 1000) - 300 + (long)i * 1000) * scale;
                    expected += a[i];
                }
                long got = parallel_sum(a, n, nthreads);
                if (got != expected) {
                    fprintf(stderr, "wrong sum: parallel_sum of %zu elements with %d threads returned %ld, expected %ld%s\n",
                            n, nthreads, got, expected,
                            scale == 1 ? "" : " (these values and their sums do not fit in an int: is one kept in an int?)");
                    return 1;
                }
                free(a);
            }
            return 0;
        }
        """#

    /// Wraps `pthread_join` and `free` to see whether `parallel_sum` frees every sum its threads return.
    static let frees = #"""
        #define _GNU_SOURCE
        #include "psum.h"

        #include <dlfcn.h>
        #include <pthread.h>
        #include <stdatomic.h>
        #include <stdbool.h>
        #include <stdio.h>
        #include <stdlib.h>

        enum { MAX_JOINED = 64 };

        /* The exit values joins have returned since the count was reset, and whether each was freed since. */
        static _Atomic(void *) joined[MAX_JOINED];
        static atomic_bool freed[MAX_JOINED];
        static atomic_int joined_count;

        /* glibc's own free, which this file's free hands every pointer on to. */
        extern void __libc_free(void *pointer);

        int pthread_join(pthread_t thread, void **value)
        {
            static int (*real)(pthread_t, void **);
            if (real == NULL)
                real = (int (*)(pthread_t, void **))dlsym(RTLD_NEXT, "pthread_join");
            void *result = NULL;
            int status = real(thread, &result);
            if (value != NULL)
                *value = result;
            if (status == 0 && result != NULL) {
                int slot = atomic_fetch_add(&joined_count, 1);
                if (slot < MAX_JOINED) {
                    atomic_store(&freed[slot], false);
                    atomic_store(&joined[slot], result);
                }
            }
            return status;
        }

        void free(void *pointer)
        {
            if (pointer != NULL) {
                int count = atomic_load(&joined_count);
                for (int i = 0; i < count && i < MAX_JOINED; i++) {
                    if (atomic_load(&joined[i]) == pointer)
                        atomic_store(&freed[i], true);
                }
            }
            __libc_free(pointer);
        }

        int main(void)
        {
            static const struct { size_t n; int threads; } cases[] = {{1000, 4}, {7, 3}, {64, 64}};
            for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
                long *a = malloc(sizeof *a * cases[c].n);
                long expected = 0;
                for (size_t i = 0; i < cases[c].n; i++) {
                    a[i] = (long)i * 3 - 5;
                    expected += a[i];
                }
                atomic_store(&joined_count, 0);
                long got = parallel_sum(a, cases[c].n, cases[c].threads);
                int count = atomic_load(&joined_count);
                if (count > MAX_JOINED)
                    count = MAX_JOINED;
                int kept = 0;
                for (int i = 0; i < count; i++)
                    kept += !atomic_load(&freed[i]);
                if (kept > 0) {
                    fprintf(stderr,
                            "memory leak: parallel_sum(a, %zu, %d) never freed %d of the %d sums its threads returned; "
                            "whoever joins a thread frees the sum it returns\n",
                            cases[c].n, cases[c].threads, kept, count);
                    return 1;
                }
                if (got != expected) {
                    fprintf(stderr, "wrong sum: parallel_sum(a, %zu, %d) returned %ld, expected %ld\n", cases[c].n,
                            cases[c].threads, got, expected);
                    return 1;
                }
                free(a);
            }
            return 0;
        }
        """#

    /// Wraps `pthread_create` and `pthread_join` to count the threads `parallel_sum` creates and joins.
    static let count = #"""
        #define _GNU_SOURCE
        #include "psum.h"

        #include <dlfcn.h>
        #include <pthread.h>
        #include <stdatomic.h>
        #include <stdio.h>
        #include <stdlib.h>

        static atomic_int created, joined;

        int pthread_create(pthread_t *thread, const pthread_attr_t *attr, void *(*start)(void *), void *arg)
        {
            static int (*real)(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *);
            if (real == NULL)
                real = (int (*)(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *))dlsym(RTLD_NEXT,
                                                                                                    "pthread_create");
            int result = real(thread, attr, start, arg);
            if (result == 0)
                atomic_fetch_add(&created, 1);
            return result;
        }

        int pthread_join(pthread_t thread, void **value)
        {
            static int (*real)(pthread_t, void **);
            if (real == NULL)
                real = (int (*)(pthread_t, void **))dlsym(RTLD_NEXT, "pthread_join");
            int result = real(thread, value);
            if (result == 0)
                atomic_fetch_add(&joined, 1);
            return result;
        }

        int main(void)
        {
            static const struct { size_t n; int threads; } cases[] = {{1000, 5}, {7, 3}, {2, 6}};
            for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
                long *a = malloc(sizeof *a * cases[c].n);
                long expected = 0;
                for (size_t i = 0; i < cases[c].n; i++) {
                    a[i] = (long)i - 3;
                    expected += a[i];
                }
                atomic_store(&created, 0);
                atomic_store(&joined, 0);
                long got = parallel_sum(a, cases[c].n, cases[c].threads);
                int made = atomic_load(&created), waited = atomic_load(&joined);
                if (made != cases[c].threads || waited != cases[c].threads) {
                    fprintf(stderr,
                            "wrong thread count: parallel_sum(a, %zu, %d) created %d threads and joined %d; it must "
                            "create and join exactly %d\n",
                            cases[c].n, cases[c].threads, made, waited, cases[c].threads);
                    return 1;
                }
                if (got != expected) {
                    fprintf(stderr, "wrong sum: parallel_sum(a, %zu, %d) returned %ld, expected %ld\n", cases[c].n,
                            cases[c].threads, got, expected);
                    return 1;
                }
                free(a);
            }
            return 0;
        }
        """#
}
