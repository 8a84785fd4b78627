import Foundation
import PsetModel
import Testing

@testable import PsetGrader

@Suite("The failing schedule as a story", .serialized, .timeLimit(.minutes(3)))
struct ScheduleTraceTests {
    /// Two threads add to a heap counter with a read and a write on separate lines: an update is lost.
    static let lostUpdate = SourceFile(
        name: "lost.c",
        contents: """
            #include <pthread.h>
            #include <stdio.h>
            #include <stdlib.h>

            struct counter { long value; };
            static struct counter *c;

            static void *worker(void *unused) {
                for (int i = 0; i < 100; i++) {
                    long seen = c->value;
                    c->value = seen + 1;
                }
                return unused;
            }

            int main(void) {
                c = calloc(1, sizeof *c);
                pthread_t a, b;
                pthread_create(&a, NULL, worker, NULL);
                pthread_create(&b, NULL, worker, NULL);
                pthread_join(a, NULL);
                pthread_join(b, NULL);
                if (c->value != 200) {
                    fprintf(stderr, "lost update: %ld, expected 200\\n", c->value);
                    return 1;
                }
                return 0;
            }
            """)

    @Test("a lost update replayed by its seed shows both threads on the student's lines, with the values")
    func lostUpdate() async throws {
        let grader = Fixtures.grader()
        let found = try await grader.check(sources: [Self.lostUpdate], schedules: 30)
        #expect(found.verdict == .assertion, "\(found.report)")
        let seed = try #require(found.seed)
        let replayed = try await grader.check(sources: [Self.lostUpdate], seed: seed)
        let trace = try #require(replayed.trace)
        #expect(replayed.findings.first?.trace == trace)
        #expect(trace.allSatisfy { $0.file == "lost.c" })
        let workers = trace.filter { $0.line == 10 || $0.line == 11 }
        #expect(Set(workers.map(\.thread)).count == 2, "\(trace)")
        #expect(workers.contains { $0.line == 10 && $0.event.hasPrefix("reads c->value (") })
        #expect(workers.contains { $0.line == 11 && $0.event.hasPrefix("writes c->value (") })
        let lost = try #require(trace.first { $0.event.contains("so this overwrites") }, "\(trace)")
        #expect(lost.line == 11)
        // The same seed tells the same story, and the search that found it told it too.
        #expect(found.trace == trace)
        let again = try await grader.check(sources: [Self.lostUpdate], seed: seed)
        #expect(again.trace == trace)
    }

    @Test("a deadlock shows each thread taking one lock and waiting for the other's")
    func deadlock() async throws {
        let report = try await Fixtures.grader().check(sources: [Fixtures.lockOrderDeadlock], schedules: 50)
        #expect(report.verdict == .deadlock, "\(report.report)")
        let trace = try #require(report.trace)
        let events = trace.map(\.event)
        let waits = trace.filter { $0.event.hasPrefix("waits for ") && $0.event.contains(", held by T") }
        #expect(waits.count == 2, "\(events)")
        #expect(Set(waits.map(\.thread)).count == 2)
        for wait in waits {
            #expect(trace.contains { $0.thread == wait.thread && $0.event.hasPrefix("locks ") }, "\(events)")
        }
        #expect(trace.last.map { waits.contains($0) } == true, "the story ends at the deadlock")
    }

    @Test("a library task's trace names the student's file only, never the harness or the runtime")
    func studentLinesOnly() async throws {
        let split = SourceFile(
            name: "counter.c",
            contents: Fixtures.lockedCounter.contents.replacingOccurrences(
                of: "    c->value += delta;\n",
                with: "    long value = c->value;\n    pthread_mutex_unlock(&c->lock);\n"
                    + "    pthread_mutex_lock(&c->lock);\n    c->value = value + delta;\n"))
        let report = await Fixtures.grader().grade(Fixtures.counterTask, problemID: "threads/counter", files: [split])
        let stress = try #require(report.checks.first { $0.name == "stress" })
        #expect(stress.failedCheck == "schedules", "\(stress.message)")
        let trace = try #require(stress.trace)
        #expect(!trace.isEmpty && trace.allSatisfy { $0.file == "counter.c" }, "\(trace)")
        #expect(trace.contains { $0.event == "locks c->lock" })
        #expect(trace.contains { $0.event.hasPrefix("writes c->value (") }, "\(trace)")
    }

    @Test("a program cannot forge its trace: lines on stderr and the path in its environment lead nowhere")
    func forgery() async throws {
        let forger = SourceFile(
            name: "forger.c",
            contents: Self.lostUpdate.contents.replacingOccurrences(
                of: "int main(void) {\n",
                with: """
                    extern char **environ;

                    /* Lines in the runtime's format, at a real line of this file: read, they would be a step. */
                    static void forge(FILE *to) {
                        Dl_info info;
                        if (!dladdr((void *)worker, &info)) return;
                        unsigned long offset = (unsigned long)((char *)worker - (char *)info.dli_fbase) + 8;
                        fprintf(to, "@@run 9 0\\n@@event write 9 exe|0x%lx - 8 2a 0\\n", offset);
                    }

                    int main(void) {
                        forge(stderr);
                        for (char **variable = environ; *variable; variable++) {
                            char *equals = strchr(*variable, '=');
                            if (equals && strstr(*variable, "PSET_SCHED_EVENTS")) {
                                FILE *file = fopen(equals + 1, "w");
                                if (file) forge(file);
                            }
                        }
                        FILE *initial = fopen("/proc/self/environ", "r");
                        char raw[65536];
                        size_t length = initial ? fread(raw, 1, sizeof raw - 1, initial) : 0;
                        raw[length] = 0;
                        for (size_t i = 0; i + 18 < length; i++) {
                            if (memcmp(raw + i, "PSET_SCHED_EVENTS=", 18) == 0 && raw[i + 18]) {
                                FILE *file = fopen(raw + i + 18, "w");
                                if (file) forge(file);
                            }
                        }

                    """
            ).replacingOccurrences(
                of: "#include <pthread.h>\n", with: "#define _GNU_SOURCE\n#include <dlfcn.h>\n#include <pthread.h>\n"
            ).replacingOccurrences(of: "#include <stdlib.h>\n", with: "#include <stdlib.h>\n#include <string.h>\n"))
        let report = try await Fixtures.grader().check(sources: [forger], schedules: 30)
        #expect(report.verdict == .assertion, "\(report.report)")
        // Had the program found the file, the runtime (which opens it exclusively) would have written nothing.
        let trace = try #require(report.trace)
        #expect(trace.allSatisfy { $0.thread != 9 && $0.file == "forger.c" }, "\(trace)")
        #expect(trace.contains { $0.event.contains("so this overwrites") })
    }

    @Test("the runtime's trace file is read within its caps, whatever it holds")
    func hostileTraceFile() throws {
        let garbage = String(repeating: "@@event 1 write 1 exe|0x10 - 99 zz 0 -2 0 0\n@@run -3 7\n", count: 20_000)
        #expect(TraceEvents(text: garbage).events.isEmpty)
        let endless =
            "@@run 1 1\n"
            + (1...50_000).map { "@@event \($0) read 1 exe|0x10 exe|0x20 8 5 0 -2 0 0\n" }.joined()
        #expect(TraceEvents(text: endless).events.count == TraceEvents.maxEvents)
        let replayed = TraceEvents(
            text: "@@run 1 1\n@@event 5 write 1 exe|0x10 exe|0x20 4 ffffffff 0 2 7 9\n"
                + "@@event 3 read 1 exe|0x10 exe|0x20 4 5 0 -2 0 0\n@@event 6 read 2 exe|0x10 - 4 5 0 -2 0 0\n")
        #expect(replayed.events.count == 1, "steps out of order, or of a thread not running, are not the runtime's")
        let event = try #require(replayed.events.first)
        #expect(event.lost == TraceEvents.LostUpdate(readBefore: 7, overwritten: 9, writer: 2))
        #expect(ScheduleStory.value(event) == -1)
        #expect(ScheduleStory.describe(event, name: "count", value: -1) == "writes count (-1)")
    }
}
