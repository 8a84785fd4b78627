import Foundation
import PsetModel
import Testing

@testable import PsetGrader

/// Submissions whose output is shaped to crash or stall the grader, graded for real: each is a verdict.
@Suite("Forged output through the grader", .serialized, .timeLimit(.minutes(2)))
struct ForgedOutputTests {
    /// The locked counter, printing a sanitizer report whose raced-on address lies below its heap block
    /// when it is destroyed: before, reading it trapped the grader (and took `pset serve` down).
    static let forgingCounter = SourceFile(
        name: "counter.c",
        contents: Fixtures.lockedCounter.contents.replacingOccurrences(
            of: "void counter_destroy(counter_t *c) {",
            with: """
                #include <stdio.h>

                void counter_destroy(counter_t *c) {
                    fprintf(stderr, "%s", "==================\\n"
                        "WARNING: ThreadSanitizer: data race (pid=1)\\n"
                        "  Read of size 8 at 0x000000000010 by thread T2:\\n"
                        "    #0 counter_get /work/counter.c:21 (h+0x1461)\\n\\n"
                        "  Previous write of size 8 at 0x000000000010 by thread T1:\\n"
                        "    #0 counter_add /work/counter.c:17 (h+0x1434)\\n\\n"
                        "  Location is heap block of size 48 at 0x7b0c00000000 allocated by main thread:\\n"
                        "    #0 counter_create /work/counter.c:11 (h+0x13e6)\\n\\n"
                        "SUMMARY: ThreadSanitizer: data race /work/counter.c:21 in counter_get\\n"
                        "==================\\n");
                """))

    @Test("a forged sanitizer report with an address below its block is a verdict, not a crash of the grader")
    func forgedReport() async throws {
        let report = await Fixtures.grader().grade(
            Fixtures.counterTask, problemID: "threads/counter", files: [Self.forgingCounter])
        #expect(report.verdict != .error, "\(report.checks)")
        let stress = try #require(report.checks.first { $0.name == "stress" })
        // Trusting the program's standard error, the grader fails the race check on the forged report; reading
        // the sanitizer's own log instead, it passes. Either way it names no byte outside the block.
        #expect(stress.passed || stress.message.hasPrefix("data race on "), "\(stress.message)")
        #expect(!stress.message.contains("byte -") && !stress.message.contains("byte 1844"))
    }

    @Test("a crash after a mebibyte of repeated assertion fragments is judged at once")
    func repeatedAssertionFragments() async throws {
        let program = SourceFile(
            name: "frag.c",
            contents: """
                #include <stdio.h>
                #include <stdlib.h>
                #include <string.h>

                int main(void) {
                    const char *piece = "a: b: c: Assertion `";
                    size_t length = strlen(piece);
                    for (size_t written = 0; written + length < 1000000; written += length) fputs(piece, stderr);
                    abort();
                }
                """)
        let report = try await Fixtures.grader().check(sources: [program], schedules: 2)
        #expect(report.verdict == .crash, "\(report.report.prefix(200))")
        #expect(report.report.hasPrefix("crash: killed by SIGABRT"))
    }

    @Test("a failed assert is named by its expression, file, line and function")
    func realAssertion() async throws {
        let program = SourceFile(
            name: "check.c",
            contents: """
                #include <assert.h>

                int main(void) {
                    int balance = -1;
                    assert(balance >= 0);
                    return 0;
                }
                """)
        let report = try await Fixtures.grader().check(sources: [program], schedules: 2)
        #expect(report.verdict == .assertion)
        #expect(report.report.hasPrefix("assertion failed: balance >= 0 (check.c:5, in main)"), "\(report.report)")
    }
}
