import Foundation
import PsetModel
import Testing

@testable import PsetGrader

/// Cheats a student who has read this repository could staple onto a wrong counter, each of which must still
/// score below full marks, with a message naming what was refused; and correct counters the rules must not fail.
@Suite("Integrity: no submission forges a pass", .serialized, .timeLimit(.minutes(3)))
struct IntegrityTests {
    /// A counter whose `counter_add` takes no lock: ThreadSanitizer reports the race, so it cannot pass honestly.
    static let lossyCounter = Fixtures.lockedCounter.contents.replacingOccurrences(
        of: "    pthread_mutex_lock(&c->lock);\n    c->value += delta;\n    pthread_mutex_unlock(&c->lock);",
        with: "    c->value += delta;")

    /// The lossy counter with `preamble` before its functions and `create` run at the start of `counter_create`.
    static func cheat(preamble: String = "", create: String = "") -> SourceFile {
        var source = lossyCounter.replacingOccurrences(of: "struct counter {", with: preamble + "\nstruct counter {")
        source = source.replacingOccurrences(
            of: "    counter_t *c = calloc(1, sizeof *c);",
            with: "    \(create)\n    counter_t *c = calloc(1, sizeof *c);")
        return SourceFile(name: "counter.c", contents: source)
    }

    static func grade(_ file: SourceFile, task: CodingTask = Fixtures.counterTask) async -> GradingReport {
        await Fixtures.grader().grade(task, problemID: "threads/counter", files: [file])
    }

    @Test("the lossy counter alone fails on its race")
    func lossyCounterFails() async throws {
        #expect(Self.lossyCounter != Fixtures.lockedCounter.contents)
        let report = await Self.grade(SourceFile(name: "counter.c", contents: Self.lossyCounter))
        #expect(report.score < report.maxScore)
        #expect(
            report.checks.first { $0.name == "stress" }?.message.contains("data race on") == true, "\(report.checks)")
    }

    /// Each cheat and the words its refusal must contain.
    static let refusedCheats: [(name: String, file: SourceFile, refusal: String)] = [
        (
            "a constructor that exits",
            cheat(preamble: "__attribute__((constructor)) static void early(void) { _exit(0); }\n#include <unistd.h>"),
            "runs before or after the tests"
        ),
        (
            "a destructor", cheat(preamble: "__attribute__((destructor)) static void late(void) { }"),
            "runs before or after the tests"
        ),
        (
            "an atexit hook that exits with 0",
            cheat(preamble: "#include <unistd.h>\nstatic void quit(void) { _exit(0); }", create: "atexit(quit);"),
            "uses `atexit`"
        ),
        (
            "a SIGABRT handler that exits with 0",
            cheat(
                preamble: "#include <signal.h>\n#include <unistd.h>\nstatic void quit(int s) { (void)s; _exit(0); }",
                create: "signal(SIGABRT, quit);"),
            "uses `signal`"
        ),
        (
            "its own fprintf",
            cheat(
                preamble:
                    "#include <stdio.h>\nint fprintf(FILE *f, const char *format, ...) { (void)f; (void)format; return 0; }"
            ),
            "defines `fprintf`"
        ),
        (
            "ThreadSanitizer's options hook",
            cheat(preamble: "const char *__tsan_default_options(void) { return \"report_bugs=0\"; }"),
            "defines `__tsan_default_options`"
        ),
        (
            "stderr sent to /dev/null",
            cheat(
                preamble: "#include <fcntl.h>\n#include <unistd.h>", create: "dup2(open(\"/dev/null\", O_WRONLY), 2);"),
            "uses `open`"
        ),
        (
            "a pthread_create that runs the thread at once",
            cheat(
                preamble: """
                    int pthread_create(pthread_t *t, const pthread_attr_t *a, void *(*f)(void *), void *arg) {
                        (void)a; *t = 0; f(arg); return 0;
                    }
                    """),
            "defines `pthread_create`"
        ),
        (
            "a raw exit system call",
            cheat(
                preamble: """
                    static void leave(void) { __asm__ volatile("mov $231, %eax\\n xor %edi, %edi\\n syscall"); }
                    """, create: "if (0) leave();"),
            "system-call instruction (in `leave`)"
        ),
        (
            "an indirect function, resolved before main",
            cheat(
                preamble: """
                    static void nothing(void) { }
                    static void (*pick(void))(void) { return nothing; }
                    void helper(void) __attribute__((ifunc("pick")));
                    """),
            "indirect function"
        ),
        (
            "reading the environment",
            cheat(preamble: "#include <stdlib.h>", create: "(void)getenv(\"PSET_HARNESS_STATUS\");"),
            "uses `getenv`"
        ),
    ]

    @Test("every cheat is refused before anything runs, with a one-line reason", arguments: 0..<refusedCheats.count)
    func cheatIsRefused(_ index: Int) async throws {
        let cheat = Self.refusedCheats[index]
        let report = await Self.grade(cheat.file)
        #expect(report.score == 0, "\(cheat.name)")
        #expect(report.verdict == .failed, "\(cheat.name): \(report.compilerOutput)")
        let first = try #require(report.checks.first)
        #expect(first.message.contains(cheat.refusal), "\(cheat.name): \(first.message)")
        #expect(!first.message.contains("\n"))
    }

    /// The counter task with every library family allowed, to show what holds even past the call rules.
    static var permissiveTask: CodingTask {
        var task = Fixtures.counterTask
        task.calls = Fixtures.everyFamily
        return task
    }

    @Test("ending the process with status 0 from the submission's code is not a finished test")
    func earlyExitIsNotAPass() async throws {
        let hook = Self.cheat(
            preamble: "#include <unistd.h>\nstatic void quit(void) { _exit(0); }", create: "atexit(quit);")
        let report = await Self.grade(hook, task: Self.permissiveTask)
        #expect(report.score == 0)
        let single = try #require(report.checks.first { $0.name == "single-thread" })
        #expect(single.message.contains("ended with status 0 before the test finished"))
    }

    @Test("a silenced standard error still shows the race: reports go to the grader's file")
    func silencedStandardErrorStillShowsTheRace() async throws {
        let silenced = Self.cheat(preamble: "#include <unistd.h>", create: "close(2);")
        let report = await Self.grade(silenced, task: Self.permissiveTask)
        #expect(report.score < report.maxScore)
        #expect(
            report.checks.first { $0.name == "stress" }?.message.contains("data race on") == true, "\(report.checks)")
    }

    @Test("a forged race report on standard error neither fails a correct counter nor crashes the grader")
    func forgedReportIsIgnored() async throws {
        let forged = SourceFile(
            name: "counter.c",
            contents: Fixtures.lockedCounter.contents.replacingOccurrences(
                of: "    counter_t *c = calloc(1, sizeof *c);",
                with: """
                        fprintf(stderr, "WARNING: ThreadSanitizer: data race (pid=1)\\n  Write of size 8 at 0x000000000010 by thread T1:\\n    #0 counter_add counter.c:1 (a+0x1)\\n\\n  Location is heap block of size 16 at 0x7b0400000000 allocated by main thread:\\n    #0 calloc x.c:1 (a+0x1)\\n\\nSUMMARY: ThreadSanitizer: data race counter.c:1 in counter_add\\n");
                        counter_t *c = calloc(1, sizeof *c);
                    """
            )
            .replacingOccurrences(of: "#include <stdlib.h>", with: "#include <stdio.h>\n#include <stdlib.h>"))
        let report = await Self.grade(forged)
        #expect(report.verdict == .passed, "\(report.checks)")
    }

    @Test("a harness cannot be included: it is not there when the submission compiles")
    func harnessCannotBeIncluded() async throws {
        for path in ["stress.c", "../stress.c", "/work/stress.c"] {
            let report = await Self.grade(
                SourceFile(name: "counter.c", contents: "#include \"\(path)\"\n" + Self.lossyCounter))
            #expect(report.verdict == .compileError, "\(path)")
            #expect(!report.compilerOutput.contains("lost update"), "\(path): \(report.compilerOutput)")
        }
    }

    @Test("correct counters in every usual style pass: globals, helpers, a compiler barrier, debugging output")
    func correctStylesPass() async throws {
        let styles = SourceFile(
            name: "counter.c",
            contents: """
                #include <pthread.h>
                #include <stdio.h>
                #include <stdlib.h>
                #include "counter.h"

                pthread_mutex_t global_lock = PTHREAD_MUTEX_INITIALIZER;
                long created;

                struct counter {
                    long value;
                };

                static int write(int x) { return x; }

                void lock_counter(void) {
                    pthread_mutex_lock(&global_lock);
                    __asm__ volatile("" ::: "memory");
                }

                void unlock_counter(void) {
                    pthread_mutex_unlock(&global_lock);
                }

                counter_t *counter_create(void) {
                    counter_t *c = malloc(sizeof *c);
                    if (c == NULL) {
                        perror("malloc");
                        exit(1);
                    }
                    c->value = write(0);
                    created++;
                    printf("created counter %ld\\n", created);
                    return c;
                }

                void counter_add(counter_t *c, long delta) {
                    lock_counter();
                    c->value += delta;
                    unlock_counter();
                }

                long counter_get(counter_t *c) {
                    lock_counter();
                    long value = c->value;
                    unlock_counter();
                    return value;
                }

                void counter_destroy(counter_t *c) {
                    free(c);
                }
                """)
        let report = await Self.grade(styles)
        #expect(report.verdict == .passed, "\(report.compilerOutput) \(report.checks)")
        #expect(report.score == report.maxScore)
    }

    @Test("the test program refuses to run without the grader's status")
    func harnessNeedsItsStatus() async throws {
        let entry = String(decoding: PackageResources.pset_harness_entry_c, as: UTF8.self)
        let program = try await CompiledProgram(
            SourceFile(
                name: "entry.c",
                contents: entry
                    + "\nint pset_harness_main(int argc, char **argv) { (void)argc; (void)argv; return 0; }\n"
            ))
        let run = try await program.run(seed: "s1-0000000000000001")
        #expect(run.status == 70)
        #expect(run.errors.contains("must be started by the grader"))
    }
}
