import Foundation
import PsetModel
import Testing

@testable import PsetGrader

@Suite("Data races", .serialized, .timeLimit(.minutes(1)))
struct RaceDetectionTests {
    @Test("a read without the lock is a data race named by struct field, lines and threads")
    func namesRacedField() async throws {
        let report = await Fixtures.grader().grade(
            Fixtures.counterTask, problemID: "threads/counter", files: [Fixtures.racyCounter])
        let stress = try #require(report.checks.first { $0.name == "stress" })
        #expect(!stress.passed)
        #expect(stress.failedCheck == "races")
        #expect(stress.message.hasPrefix("data race on `struct counter.value` (counter.c:"))
        #expect(stress.message.contains("counter.c:18"))
        #expect(stress.message.contains("counter.c:23"))
        #expect(stress.message.contains("thread T"))
        #expect(!stress.message.contains("WARNING: ThreadSanitizer"))
        #expect(stress.detail?.contains("WARNING: ThreadSanitizer: data race") == true)
    }

    @Test("the same counter reading under its lock has no race")
    func passesLockedTwin() async throws {
        let report = await Fixtures.grader().grade(
            Fixtures.counterTask, problemID: "threads/counter", files: [Fixtures.lockedCounter])
        #expect(report.verdict == .passed)
        #expect(report.score == 4)
    }

    @Test("a race on a global is named by the global")
    func namesGlobal() async throws {
        let racy = SourceFile(
            name: "hits.c",
            contents: """
                #include <pthread.h>

                long hits;

                static void *visit(void *unused) {
                    (void)unused;
                    for (int i = 0; i < 1000; i++) hits++;
                    return NULL;
                }

                int main(void) {
                    pthread_t a, b;
                    pthread_create(&a, NULL, visit, NULL);
                    pthread_create(&b, NULL, visit, NULL);
                    pthread_join(a, NULL);
                    pthread_join(b, NULL);
                    return 0;
                }
                """)
        let report = try await Fixtures.grader().check(sources: [racy], schedules: 5)
        #expect(report.verdict == .race)
        #expect(report.report.hasPrefix("data race on `hits` (hits.c:7 vs hits.c:7)"))
        #expect(!report.report.contains("WARNING: ThreadSanitizer"))
        #expect(report.detail?.contains("WARNING: ThreadSanitizer: data race") == true)
    }

    @Test(
        "in a thread task the race check follows a seeded schedule yet sees every modelled lock, semaphore and barrier"
    )
    func raceCheckUnderTheScheduler() async throws {
        let task = CodingTask(
            starter: [SourceFile(name: "sync.c", contents: "")],
            tests: [
                TaskTest(name: "sync", points: 1, expectation: .init(standardOutput: "1225 6\n"), checks: [.races])
            ],
            concurrency: .threads, calls: Fixtures.everyFamily)
        let grader = Fixtures.grader()
        let correct = await grader.grade(task, problemID: "t/sync", files: [Fixtures.everySynchronisation])
        #expect(correct.verdict == .passed, "\(correct.checks)")
        let unguarded = SourceFile(
            name: "sync.c", contents: "#define UNGUARDED\n" + Fixtures.everySynchronisation.contents)
        let racy = await grader.grade(task, problemID: "t/sync", files: [unguarded])
        let check = try #require(racy.checks.first)
        #expect(check.failedCheck == "races")
        #expect(check.message.hasPrefix("data race on `total`"))
        let seed = try #require(check.seed)
        #expect(check.message.hasSuffix("(schedule \(seed))"))
        let again = await grader.grade(task, problemID: "t/sync", files: [unguarded])
        // The raw report in the details differs only in addresses, which the kernel randomises.
        #expect(again.checks.map(\.message) == racy.checks.map(\.message))
        #expect(again.checks.map(\.seed) == racy.checks.map(\.seed))
    }

    @Test("the summary of a sanitizer report names the first race in the student's files")
    func parsesReport() {
        let warnings = SanitizerWarning.parse(Self.sampleReport)
        #expect(warnings.count == 1)
        #expect(warnings[0].accesses.map(\.kind) == ["Read", "Write"])
        #expect(warnings[0].accesses.map(\.thread) == ["thread T2", "thread T1"])
        #expect(warnings[0].accesses[0].frames.first?.fileLine == "counter.c:21")
    }

    static let sampleReport = """
        ==================
        WARNING: ThreadSanitizer: data race (pid=29586)
          Read of size 8 at 0x7b0c00000028 by thread T2:
            #0 counter_get /work/counter.c:21 (h+0x1461)
            #1 reader /work/harness.c:6 (h+0x1233)

          Previous write of size 8 at 0x7b0c00000028 by thread T1 (mutexes: write M0):
            #0 counter_add /work/counter.c:17 (h+0x1434)
            #1 adder /work/harness.c:5 (h+0x12cc)

          Location is heap block of size 48 at 0x7b0c00000000 allocated by main thread:
            #0 calloc ../../../../src/libsanitizer/tsan/tsan_interceptors_posix.cpp:667 (libtsan.so.2+0x3ee50)
            #1 counter_create /work/counter.c:11 (h+0x13e6)

          Thread T2 (tid=29590, running) created by main thread at:
            #0 pthread_create ../../../../src/libsanitizer/tsan/tsan_interceptors_posix.cpp:1001 (libtsan.so.2+0x5e686)
            #1 main /work/harness.c:7 (h+0x1347)

        SUMMARY: ThreadSanitizer: data race /work/counter.c:21 in counter_get
        ==================
        """
}
