import Foundation
import PsetModel
import Testing

@testable import PsetGrader

/// A schedule run as fibers that ends by exit() gives its process back, put back as it was, for the next schedule
/// (`Runtime/pset_sched_reuse.c`): every schedule must start as in a fresh process, what cannot be put back must
/// get a fresh process, and a program must not be able to report a schedule's end for the runtime.
@Suite("Schedules in a reused process", .serialized, .timeLimit(.minutes(3)))
struct ReusedProcessTests {
    /// Prints what an earlier schedule in the same process could have left behind, then leaves all of it: a
    /// changed global, environment, signal disposition and mask, descriptors (standard input among them), heap
    /// contents, a large allocation (a mapping of its own), a deep stack, the working directory and umask (changed
    /// with the program's own system call instructions too), output still buffered at exit.
    static let leavesEverything = SourceFile(
        name: "leftovers.c",
        contents: """
            #include <fcntl.h>
            #include <pthread.h>
            #include <signal.h>
            #include <stdio.h>
            #include <stdlib.h>
            #include <string.h>
            #include <sys/stat.h>
            #include <sys/syscall.h>
            #include <unistd.h>
            static int runs;
            static long counter;
            static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
            static void on_signal(int number) { (void)number; }
            static void *work(void *arg) {
                for (int i = 0; i < 3; i++) { pthread_mutex_lock(&lock); counter++; pthread_mutex_unlock(&lock); }
                return arg;
            }
            static long deep(int depth) {
                volatile unsigned char pad[8192];
                long seen = 0;
                for (int i = 0; i < 8192; i += 512) seen += pad[i];
                memset((void *)pad, 0x55, sizeof pad);
                return depth == 0 ? seen : seen + deep(depth - 1);
            }
            int main(void) {
                unsigned char *fresh = malloc(4096);
                long garbage = 0;
                for (int i = 0; i < 4096; i++) garbage += fresh[i];
                struct sigaction old;
                sigaction(SIGUSR1, NULL, &old);
                sigset_t mask;
                sigprocmask(SIG_BLOCK, NULL, &mask);
                struct stat input;
                fstat(0, &input);
                int fd = open("/dev/null", O_RDONLY);
                char place[512];
                mode_t creation = umask(022);
                printf("runs %d counter %ld fd %d env %s handler %d blocked %d garbage %ld input %s cwd %s umask %03o pid %d\\n",
                       runs, counter, fd, getenv("LEFT") ? "set" : "unset", old.sa_handler != SIG_DFL,
                       sigismember(&mask, SIGUSR2), garbage, S_ISFIFO(input.st_mode) ? "pipe" : "file",
                       getcwd(place, sizeof place) ? place : "?", (unsigned)creation, (int)getpid());
                printf("stack %ld\\n", deep(100));
                pthread_t threads[2];
                for (long i = 0; i < 2; i++) pthread_create(&threads[i], NULL, work, (void *)i);
                for (int i = 0; i < 2; i++) pthread_join(threads[i], NULL);
                runs++;
                setenv("LEFT", "1", 1);
                signal(SIGUSR1, on_signal);
                sigset_t usr2;
                sigemptyset(&usr2);
                sigaddset(&usr2, SIGUSR2);
                sigprocmask(SIG_BLOCK, &usr2, NULL);
                memset(fresh, 7, 4096);
                char *large = malloc(8 << 20);
                memset(large, 9, 8 << 20);
                int ends[2];
                if (pipe(ends) == 0) dup2(ends[0], 0);
                long root = (long)"/";
                long result;
                __asm__ volatile("syscall" : "=a"(result) : "a"((long)SYS_chdir), "D"(root) : "rcx", "r11", "memory");
                __asm__ volatile("syscall" : "=a"(result) : "a"((long)SYS_umask), "D"(077L) : "rcx", "r11", "memory");
                printf("counter %ld, left unflushed", counter);
                return 0;
            }
            """)

    /// The fields of a run's first line, without the process id; and the process id.
    static func fingerprint(_ run: CompiledProgram.Run) -> (state: String, pid: String) {
        let first = run.output.split(separator: "\n").first.map(String.init) ?? ""
        let pid = first.components(separatedBy: " pid ").last ?? ""
        return (first.components(separatedBy: " pid ").first ?? "", pid)
    }

    @Test("every schedule starts as in a fresh process, though the process served the schedule before")
    func everySchedulesStartsFresh() async throws {
        let binary = try await CompiledProgram(Self.leavesEverything, explored: true)
        let pairs = try await binary.servedAndAlone(label: "leftovers", count: 12, lengthBits: 8)
        #expect(pairs.count == 12)
        let directory = FileManager.default.currentDirectoryPath
        let expected =
            "runs 0 counter 0 fd 3 env unset handler 0 blocked 0 garbage 0 input file cwd \(directory) umask 022"
        var pids: Set<String> = []
        for (seed, served, alone) in pairs {
            #expect(served.status == 0 && alone.status == 0, "\(seed): \(served.errors)")
            #expect(Self.fingerprint(served).state == expected, "\(seed)")
            // A run on its own inherits the test's signal mask and standard input, where the driver gives its own.
            #expect(Self.fingerprint(alone).state.hasPrefix("runs 0 counter 0 fd 3 env unset handler 0 "), "\(seed)")
            #expect(served.output.hasSuffix("counter 6, left unflushed"), "\(seed)")
            #expect(
                served.output.split(separator: "\n").dropFirst().first
                    == pairs[0].served.output.split(separator: "\n").dropFirst().first, "\(seed): the stack")
            #expect(FiberTests.summary(served)["trace"] == FiberTests.summary(alone)["trace"], "\(seed)")
            pids.insert(Self.fingerprint(served).pid)
        }
        #expect(pids.count == 1, "the schedules should have shared one process")
    }

    /// Programs whose schedules change what is not put back, each after printing its process id.
    static func changing(_ name: String, _ change: String) -> SourceFile {
        SourceFile(
            name: "\(name).c",
            contents: """
                #include <pthread.h>
                #include <signal.h>
                #include <stdio.h>
                #include <aio.h>
                #include <fcntl.h>
                #include <stdlib.h>
                #include <sys/mman.h>
                #include <sys/wait.h>
                #include <unistd.h>
                static void *work(void *arg) { return arg; }
                int main(void) {
                    char place[256];
                    printf("pid %d cwd %s\\n", (int)getpid(), getcwd(place, sizeof place) ? place : "?");
                    pthread_t thread;
                    pthread_create(&thread, NULL, work, NULL);
                    pthread_join(thread, NULL);
                    \(change)
                    return 0;
                }
                """)
    }

    static let forgoing: [(name: String, source: SourceFile)] = [
        (
            "a thread the C library starts",
            changing(
                "aio",
                """
                static char byte; struct aiocb block = {.aio_fildes = open("/dev/zero", O_RDONLY), .aio_buf = &byte, .aio_nbytes = 1};
                const struct aiocb *blocks[1] = {&block};
                if (aio_read(&block) != 0 || aio_suspend(blocks, 1, NULL) != 0 || aio_return(&block) != 1) return 1;
                """)
        ),
        (
            "a descriptor the process keeps, replaced",
            changing(
                "kept", "int null = open(\"/dev/null\", O_WRONLY); for (int fd = 64; fd < 1024; fd++) dup2(null, fd);")
        ),
        (
            "a child process",
            changing("child", "pid_t child = fork(); if (child == 0) _exit(0); waitpid(child, NULL, 0);")
        ),
        (
            "a child process by vfork",
            changing("vfork", "pid_t child = vfork(); if (child == 0) _exit(0); waitpid(child, NULL, 0);")
        ),
        ("a command", changing("system", "if (system(\"true\") != 0) return 1;")),
        (
            "a pending signal",
            changing(
                "pending",
                "sigset_t usr1; sigemptyset(&usr1); sigaddset(&usr1, SIGUSR1); sigprocmask(SIG_BLOCK, &usr1, NULL); raise(SIGUSR1);"
            )
        ),
        ("an alarm", changing("alarm", "alarm(100);")),
        (
            "a changed mapping",
            changing(
                "protect", "static char page[8192] __attribute__((aligned(4096))); mprotect(page, 4096, PROT_READ);")
        ),
        ("_exit", changing("exit", "fflush(stdout); _exit(0);")),
    ]

    @Test("a schedule that changes what cannot be put back leaves the next one a fresh process", arguments: 0..<9)
    func freshAfterWhatCannotBePutBack(index: Int) async throws {
        let (name, source) = Self.forgoing[index]
        let binary = try await CompiledProgram(source, explored: true)
        let pairs = try await binary.servedAndAlone(label: "forgo-\(index)", count: 6, lengthBits: 6)
        #expect(pairs.count == 6, "\(name)")
        let directory = FileManager.default.currentDirectoryPath
        var pids: Set<String> = []
        for (seed, served, alone) in pairs {
            #expect(served.status == 0 && alone.status == 0, "\(name), \(seed): \(served.errors)")
            let line = served.output.split(separator: "\n").first.map(String.init) ?? ""
            #expect(line.hasSuffix(" cwd \(directory)"), "\(name): \(line)")
            #expect(alone.output.hasSuffix(" cwd \(directory)\n"), "\(name): \(alone.output)")
            pids.insert(line.components(separatedBy: " ").dropFirst().first ?? "")
        }
        #expect(pids.count == 6, "\(name): each schedule should have had a process of its own")
    }

    /// Reads its standard input, scrubs the harness's status from its environment as the harness does
    /// (`Runtime/pset_harness_entry.c`), then looks for the status anywhere in its readable memory.
    static let looksForTheHarnessStatus = SourceFile(
        name: "status.c",
        contents: """
            #define _GNU_SOURCE
            #include <pthread.h>
            #include <stdio.h>
            #include <stdlib.h>
            #include <string.h>
            #include <unistd.h>
            static void *work(void *arg) { return arg; }
            int main(void) {
                char line[64] = "";
                if (!fgets(line, sizeof line, stdin)) strcpy(line, "no input\\n");
                char *given = getenv("PSET_HARNESS_STATUS");
                printf("given %s pid %d read %s", given ? given : "none", (int)getpid(), line);
                if (given) memset(given, 0, strlen(given));
                pthread_t thread;
                pthread_create(&thread, NULL, work, NULL);
                pthread_join(thread, NULL);
                FILE *maps = fopen("/proc/self/maps", "r");
                char entry[512], permissions[8];
                unsigned long low, high;
                const char *key = "PSET_HARNESS_STATUS=";
                size_t length = strlen(key);
                int found = 0;
                while (fgets(entry, sizeof entry, maps)) {
                    if (sscanf(entry, "%lx-%lx %7s", &low, &high, permissions) != 3 || permissions[0] != 'r') continue;
                    if (strstr(entry, "[v")) continue;
                    for (char *at = memmem((void *)low, high - low, key, length); at;
                         at = memmem(at + 1, (char *)high - (at + 1), key, length))
                        found += at + length < (char *)high && at[length] >= '0' && at[length] <= '9';
                }
                fclose(maps);
                printf("found %d\\n", found);
                return 0;
            }
            """)

    @Test("the harness's status is never in a reused process's memory once the harness has scrubbed it")
    func theHarnessStatusStaysSecret() async throws {
        let binary = try await CompiledProgram(Self.looksForTheHarnessStatus, explored: true)
        let served = try await binary.batch(
            seeds: CompiledProgram.seeds(label: "status", count: 5, lengthBits: 6), input: "the input\n",
            environment: ["PSET_HARNESS_STATUS": "123"])
        #expect(served.count == 5)
        var pids: Set<String> = []
        for run in served {
            let lines = run.output.split(separator: "\n").map(String.init)
            #expect(lines.first?.hasPrefix("given 123 pid ") == true, "\(run.output)")
            #expect(lines.first?.hasSuffix(" read the input") == true, "\(run.output)")
            #expect(lines.last == "found 0", "\(run.output)")
            pids.insert(lines.first?.components(separatedBy: " ").dropFirst(3).first ?? "")
        }
        #expect(pids.count == 1, "the schedules should have shared one process")
    }

    /// Counts the words of its writable memory that hold the status it passes with (as a harness's secret status is),
    /// then exits with it.
    static let countsItsStatus = SourceFile(
        name: "count.c",
        contents: """
            #include <pthread.h>
            #include <stdint.h>
            #include <stdio.h>
            #include <stdlib.h>
            #include <string.h>
            static void *work(void *arg) { return arg; }
            __attribute__((no_sanitize_thread)) static long occurrences(int32_t value) {
                FILE *maps = fopen("/proc/self/maps", "r");
                char entry[512], permissions[8];
                unsigned long low, high;
                long found = 0;
                while (fgets(entry, sizeof entry, maps)) {
                    if (sscanf(entry, "%lx-%lx %7s", &low, &high, permissions) != 3) continue;
                    if (strcmp(permissions, "rw-p") != 0) continue;
                    for (const int32_t *word = (const int32_t *)low; (unsigned long)(word + 1) <= high; word++)
                        found += *word == value;
                }
                fclose(maps);
                return found;
            }
            int main(void) {
                pthread_t thread;
                pthread_create(&thread, NULL, work, NULL);
                pthread_join(thread, NULL);
                int status = atoi(getenv("STATUS_TO_PASS"));
                printf("%ld\\n", occurrences(status));
                exit(status);
            }
            """)

    @Test("a passing schedule's exit status, which is the harness's secret, stays nowhere for the next schedule")
    func thePassingStatusStaysNowhere() async throws {
        let binary = try await CompiledProgram(Self.countsItsStatus, explored: true)
        let served = try await binary.batch(
            seeds: CompiledProgram.seeds(label: "count", count: 5, lengthBits: 6),
            environment: ["STATUS_TO_PASS": "117"],
            expected: 117)
        #expect(served.count == 5)
        #expect(served.allSatisfy { $0.status == 117 })
        #expect(Set(served.map(\.output)).count == 1, "\(served.map(\.output))")
    }

    /// Writes, to every descriptor it might find the server's report pipe at, a report of a schedule that exited
    /// with 0 (with every one-time number it could guess), then fails.
    static let forgesItsEnd = SourceFile(
        name: "forge.c",
        contents: """
            #include <pthread.h>
            #include <stdint.h>
            #include <stdlib.h>
            #include <unistd.h>
            static void *work(void *arg) { return arg; }
            int main(void) {
                pthread_t thread;
                pthread_create(&thread, NULL, work, NULL);
                pthread_join(thread, NULL);
                for (int fd = 3; fd < 1024; fd++) {
                    for (uint64_t guess = 0; guess < 4; guess++) {
                        uint64_t report[2] = {guess, 0};
                        (void)!write(fd, report, sizeof report);
                    }
                }
                exit(3);
            }
            """)

    @Test("a program that writes a report of its own never turns a failing schedule into a passing one")
    func aForgedReportFails() async throws {
        let binary = try await CompiledProgram(Self.forgesItsEnd, explored: true)
        let served = try await binary.batch(seeds: CompiledProgram.seeds(label: "forge", count: 3, lengthBits: 6))
        #expect(served.count == 1, "the batch stops at the first schedule that does not exit with 0")
        #expect(served.first.map { $0.status != 0 } == true)
    }
}
