import Foundation
import PsetModel
import Testing

@testable import PsetGrader

/// Explored schedules run the program's threads as fibers (`Runtime/pset_sched_fibers.c`): each schedule must be
/// the one its seed gives with kernel threads (a seed run on its own), and whatever fibers cannot show must fall
/// back to kernel threads and end as it does there.
@Suite("Threads as fibers in explored schedules", .serialized, .timeLimit(.minutes(3)))
struct FiberTests {
    /// Says how its thread ran: on the main thread's kernel thread (a fiber) or on one of its own.
    static let modeProbe = """
        #include <sys/syscall.h>
        #include <unistd.h>
        static long probe_tid;
        static void probe(void) { probe_tid = syscall(SYS_gettid); }
        static void say_mode(void) { printf("%s\\n", probe_tid == getpid() ? "fibers" : "kernel threads"); }
        """

    /// A program with `body` defining `work` (a thread's start) and `finish` (main's last words), with the probe.
    static func program(_ name: String, threads: Int = 2, _ body: String) -> SourceFile {
        SourceFile(
            name: "\(name).c",
            contents: """
                #include <errno.h>
                #include <pthread.h>
                #include <signal.h>
                #include <stdio.h>
                #include <stdlib.h>
                #include <string.h>
                #include <sys/wait.h>
                \(modeProbe)
                \(body)
                int main(void) {
                    pthread_t threads[\(threads)];
                    for (long i = 0; i < \(threads); i++) pthread_create(&threads[i], NULL, work, (void *)i);
                    for (int i = 0; i < \(threads); i++) pthread_join(threads[i], NULL);
                    finish();
                    say_mode();
                    return 0;
                }
                """)
    }

    /// Locks, a condition variable, a semaphore-like hand-off, sleeps and errno kept per thread across switches.
    static let handOff = program(
        "handoff", threads: 3,
        """
        #include <semaphore.h>
        static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
        static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
        static sem_t tokens;
        static int turn, total, errno_kept = 1;
        static pthread_once_t once = PTHREAD_ONCE_INIT;
        static void start(void) { sem_init(&tokens, 0, 1); }
        static void *work(void *arg) {
            long me = (long)arg;
            pthread_once(&once, start);
            probe();
            for (int round = 0; round < 4; round++) {
                pthread_mutex_lock(&lock);
                while (turn % 3 != me) pthread_cond_wait(&changed, &lock);
                errno = 100 + (int)me;
                turn++;
                pthread_cond_broadcast(&changed);
                pthread_mutex_unlock(&lock);
                sem_wait(&tokens);
                total += round;
                usleep(100);
                sem_post(&tokens);
                if (errno != 100 + (int)me) errno_kept = 0;
            }
            return arg;
        }
        static void finish(void) { printf("turns %d total %d errno kept %d\\n", turn, total, errno_kept); }
        """)

    /// Runs `source` over `count` seeds through the fork server (fibers) and each seed on its own (kernel threads),
    /// starting a new batch after any run that fails; returns the pairs.
    static func servedAndAlone(
        _ source: SourceFile, label: String, count: Int
    ) async throws -> [(seed: String, served: CompiledProgram.Run, alone: CompiledProgram.Run)] {
        let binary = try await CompiledProgram(source, explored: true)
        var seeds = CompiledProgram.seeds(label: label, count: count, lengthBits: 10)
        var pairs: [(seed: String, served: CompiledProgram.Run, alone: CompiledProgram.Run)] = []
        while !seeds.isEmpty {
            let served = try await binary.batch(seeds: seeds)
            try #require(!served.isEmpty)
            for (seed, run) in zip(seeds, served) { pairs.append((seed, run, try await binary.run(seed: seed))) }
            seeds.removeFirst(served.count)
        }
        return pairs
    }

    /// The runtime's summary line, without what only counts work (`steps` and `unlocked` are the same too).
    static func summary(_ run: CompiledProgram.Run) -> [String: String] {
        SchedulerOutput(standardError: run.errors).summary
    }

    @Test("a seed gives the same schedule, output and end as fibers and as kernel threads", arguments: [0, 1, 2])
    func sameSchedule(program: Int) async throws {
        let source = [Self.handOff, Fixtures.racyIncrement, Fixtures.lockingAdd][program]
        let pairs = try await Self.servedAndAlone(source, label: "fibers-\(program)", count: 60)
        #expect(pairs.count == 60)
        var traces: Set<String> = []
        for (seed, served, alone) in pairs {
            let fiber = Self.summary(served)
            let kernel = Self.summary(alone)
            #expect(fiber["seed"] == seed)
            for key in ["trace", "steps", "unlocked", "switches", "changes"] {
                #expect(fiber[key] == kernel[key], "\(key) of \(seed)")
            }
            #expect(served.status == alone.status)
            traces.insert(fiber["trace"] ?? "")
            if program == 0 {
                #expect(served.output == "turns 12 total 18 errno kept 1\nfibers\n")
                #expect(alone.output == "turns 12 total 18 errno kept 1\nkernel threads\n")
            }
        }
        #expect(traces.count > 5, "seeds should give different interleavings")
    }

    /// Programs whose threads fibers cannot run as kernel threads would: each must end as with kernel threads.
    static let fallbacks: [(name: String, source: SourceFile, output: String)] = [
        (
            "a thread blocked reading a pipe another thread writes",
            program(
                "pipe",
                """
                static int ends[2];
                static volatile int reading;
                static void *work(void *arg) {
                    probe();
                    char byte = 0;
                    if ((long)arg == 0) {
                        reading = 1;
                        if (read(ends[0], &byte, 1) != 1) byte = '?';
                        printf("read %c\\n", byte);
                    } else {
                        while (!reading) sched_yield();
                        if (write(ends[1], "x", 1) != 1) puts("write failed");
                    }
                    return arg;
                }
                static void finish(void) {}
                __attribute__((constructor)) static void open_pipe(void) { if (pipe(ends) != 0) abort(); }
                """), "read x\nkernel threads\n"
        ),
        (
            "thread-specific data with a destructor",
            program(
                "keys",
                """
                static pthread_key_t key;
                static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
                static int freed;
                static void gone(void *value) { pthread_mutex_lock(&lock); freed++; pthread_mutex_unlock(&lock); free(value); }
                __attribute__((constructor)) static void make_key(void) { pthread_key_create(&key, gone); }
                static void *work(void *arg) {
                    probe();
                    long *mine = malloc(sizeof *mine);
                    *mine = (long)arg;
                    pthread_setspecific(key, mine);
                    sched_yield();
                    if (*(long *)pthread_getspecific(key) != (long)arg) puts("mixed up");
                    return arg;
                }
                static void finish(void) { printf("freed %d\\n", freed); }
                """), "freed 2\nkernel threads\n"
        ),
        (
            "the program's own thread-locals",
            program(
                "tls",
                """
                static __thread int mine;
                static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
                static int sum;
                static void *work(void *arg) {
                    probe();
                    for (int i = 0; i < 3; i++) { mine++; pthread_mutex_lock(&lock); sum += mine; pthread_mutex_unlock(&lock); }
                    return arg;
                }
                static void finish(void) { printf("sum %d\\n", sum); }
                """), "sum 12\nkernel threads\n"
        ),
        (
            "a signal handler while threads run",
            program(
                "signal",
                """
                static volatile sig_atomic_t got;
                static void on_signal(int number) { got = number; }
                __attribute__((constructor)) static void arm(void) {
                    sigset_t usr1;
                    sigemptyset(&usr1);
                    sigaddset(&usr1, SIGUSR1);
                    sigprocmask(SIG_UNBLOCK, &usr1, NULL);
                    signal(SIGUSR1, on_signal);
                }
                static void *work(void *arg) { probe(); if ((long)arg == 1) raise(SIGUSR1); return arg; }
                static void finish(void) { printf("got %d\\n", got == SIGUSR1); }
                """), "got 1\nkernel threads\n"
        ),
        (
            "fork from a thread",
            program(
                "fork",
                """
                static void *work(void *arg) {
                    probe();
                    if ((long)arg == 1) { pid_t child = fork(); if (child == 0) _exit(7); int status = 0; waitpid(child, &status, 0); printf("child %d\\n", WEXITSTATUS(status)); }
                    return arg;
                }
                static void finish(void) {}
                """), "child 7\nkernel threads\n"
        ),
        (
            "a thread that runs long without reaching the runtime",
            program(
                "spin",
                """
                static long result;
                static void *work(void *arg) {
                    probe();
                    if ((long)arg == 0) { volatile long sum = 0; for (long i = 0; i < 400000000L; i++) sum += i & 1; result = sum; }
                    return arg;
                }
                static void finish(void) { printf("%ld\\n", result); }
                """), "200000000\nkernel threads\n"
        ),
        (
            "pthread_kill",
            program(
                "kill",
                """
                static int alive;
                static void *work(void *arg) { probe(); if ((long)arg == 0) alive = pthread_kill(pthread_self(), 0) == 0; return arg; }
                static void finish(void) { printf("alive %d\\n", alive); }
                """), "alive 1\nkernel threads\n"
        ),
    ]

    @Test("what fibers cannot show runs again with kernel threads and ends as it does there", arguments: 0..<7)
    func fallsBack(index: Int) async throws {
        let (name, source, output) = Self.fallbacks[index]
        let pairs = try await Self.servedAndAlone(source, label: "fallback-\(index)", count: 3)
        #expect(pairs.count == 3, "\(name)")
        for (_, served, alone) in pairs {
            #expect(served.output == output, "\(name)")
            #expect(alone.output == output, "\(name)")
            #expect(served.status == alone.status, "\(name)")
            #expect(!served.errors.contains("@@pset fibers"), "\(name): the fiber run's own output must be dropped")
        }
    }

    /// A program that ends a fiber run's way itself, with the fallback status, to get its schedules run again.
    static let endsWithTheFallbackStatus = program(
        "status88",
        """
        static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
        static int done;
        static void *work(void *arg) {
            probe();
            pthread_mutex_lock(&lock);
            if (++done == 2) { printf("leaving\\n"); fflush(stdout); exit(88); }
            pthread_mutex_unlock(&lock);
            return arg;
        }
        static void finish(void) {}
        """)

    @Test("a program exiting with the fallback status itself is only run again with kernel threads, and ends so")
    func theFallbackStatusForgesNothing() async throws {
        let pairs = try await Self.servedAndAlone(Self.endsWithTheFallbackStatus, label: "status88", count: 3)
        #expect(pairs.count == 3)
        for (seed, served, alone) in pairs {
            #expect(alone.status == 88 && served.status == 88, "\(seed)")
            #expect(served.output == "leaving\n" && alone.output == served.output, "\(seed)")
            #expect(Self.summary(alone)["trace"] != nil, "\(seed)")
            #expect(Self.summary(served)["trace"] == Self.summary(alone)["trace"], "\(seed)")
        }
    }

    /// Two threads take turns at 100 ms of work each, in steps of about a millisecond under a lock.
    static let longRun = program(
        "long",
        """
        static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
        static long total;
        static void *work(void *arg) {
            probe();
            for (int round = 0; round < 100; round++) {
                pthread_mutex_lock(&lock);
                volatile long sum = 0;
                for (long i = 0; i < 1000000; i++) sum += i & 1;
                total += sum;
                pthread_mutex_unlock(&lock);
            }
            return arg;
        }
        static void finish(void) { printf("%ld\\n", total); }
        """)

    @Test("a schedule that runs long but keeps reaching the runtime is no stall: it stays fibers")
    func longRunStays() async throws {
        let binary = try await CompiledProgram(Self.longRun, explored: true)
        let served = try await binary.batch(seeds: CompiledProgram.seeds(label: "long", count: 2, lengthBits: 10))
        #expect(served.map(\.output) == Array(repeating: "100000000\nfibers\n", count: 2))
    }

    /// Each thread records pthread_self; main exits with pthread_exit while the others still run.
    static let identities = SourceFile(
        name: "self.c",
        contents: """
            #include <pthread.h>
            #include <stdio.h>
            #include <stdlib.h>
            static pthread_t seen[4];
            static pthread_t created[3];
            static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
            static int count;
            static long depth(long n) { volatile char pad[1024]; pad[0] = 1; return n == 0 ? 0 : depth(n - 1) + pad[0]; }
            static void report(void) {
                int same = 0, known = 0;
                for (int i = 0; i < 4; i++)
                    for (int j = i + 1; j < 4; j++) same += pthread_equal(seen[i], seen[j]) != 0;
                for (int i = 0; i < 3; i++)
                    for (int j = 0; j < 4; j++) known += pthread_equal(created[i], seen[j]) != 0;
                printf("threads %d, alike %d, known %d\\n", count, same, known);
            }
            static void *work(void *arg) {
                long deep = (long)arg == 2 ? depth(30000) : 0;
                pthread_mutex_lock(&lock);
                seen[count++] = pthread_self();
                pthread_mutex_unlock(&lock);
                if (deep != 30000 && (long)arg == 2) puts("shallow");
                return arg;
            }
            int main(void) {
                atexit(report);
                pthread_attr_t big;
                pthread_attr_init(&big);
                pthread_attr_setstacksize(&big, 48 << 20);
                for (long i = 0; i < 3; i++) pthread_create(&created[i], i == 2 ? &big : NULL, work, (void *)i);
                pthread_detach(created[0]);
                pthread_mutex_lock(&lock);
                seen[count++] = pthread_self();
                pthread_mutex_unlock(&lock);
                pthread_exit(NULL);
            }
            """)

    @Test("threads as fibers have handles of their own, the stack size asked for, and outlive main's pthread_exit")
    func identities() async throws {
        let pairs = try await Self.servedAndAlone(Self.identities, label: "self", count: 20)
        #expect(pairs.count == 20)
        for (seed, served, alone) in pairs {
            #expect(served.status == 0, "\(served.errors)")
            #expect(served.output == "threads 4, alike 0, known 3\n")
            #expect(alone.output == served.output)
            #expect(Self.summary(served)["trace"] == Self.summary(alone)["trace"], "\(seed)")
        }
    }

    /// A deadlock, a crash and an exit from a thread end the schedule as they do with kernel threads.
    static let endings = SourceFile(
        name: "endings.c",
        contents: """
            #include <pthread.h>
            #include <stdio.h>
            #include <stdlib.h>
            static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;
            static int how;
            static void *work(void *arg) {
                pthread_mutex_t *first = arg ? &a : &b, *second = arg ? &b : &a;
                pthread_mutex_lock(first);
                if (how == 1 && arg) { volatile int *nowhere = NULL; *nowhere = 1; }
                if (how == 2 && arg) exit(5);
                pthread_mutex_lock(second);
                pthread_mutex_unlock(second);
                pthread_mutex_unlock(first);
                return NULL;
            }
            int main(int argc, char **argv) {
                how = argc > 1 ? atoi(argv[1]) : 0;
                pthread_t one, two;
                pthread_create(&one, NULL, work, &a);
                pthread_create(&two, NULL, work, NULL);
                pthread_join(one, NULL);
                pthread_join(two, NULL);
                return 0;
            }
            """)

    @Test("a deadlock, a crash and exit from a thread end a fiber run as a kernel-thread run")
    func endings() async throws {
        let binary = try await CompiledProgram(Self.endings, explored: true)
        let seeds = CompiledProgram.seeds(label: "endings", count: 40, lengthBits: 6)
        var deadlocks = 0
        for seed in seeds {
            let served = try #require(try await binary.batch(seeds: [seed]).first)
            let alone = try await binary.run(seed: seed)
            #expect(served.errors.contains("@@pset deadlock") == alone.errors.contains("@@pset deadlock"), "\(seed)")
            #expect(Self.summary(served)["trace"] == Self.summary(alone)["trace"], "\(seed)")
            deadlocks += alone.status == 86 ? 1 : 0
        }
        #expect(deadlocks > 0, "some schedule should deadlock")
        for (how, status) in [("1", SIGSEGV), ("2", Int32(5))] {
            let served = try await binary.batch(seeds: [seeds[0]], arguments: [how])
            #expect(served.first?.status == status, "\(served.first?.errors ?? "")")
            #expect(try await binary.run(seed: seeds[0], arguments: [how]).status == status)
        }
    }
}
