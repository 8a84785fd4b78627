import Foundation
import PsetModel
import Testing

@testable import PsetGrader

@Suite("pset check's findings", .serialized, .timeLimit(.minutes(1)))
struct ProgramCheckTests {
    @Test("a failed assert is an assertion, named by its condition, file and line")
    func assertionIsNamed() async throws {
        let program = SourceFile(
            name: "sure.c",
            contents: """
                #include <assert.h>

                int main(int argc, char **argv) {
                    (void)argv;
                    assert(argc == 2);
                    return 0;
                }
                """)
        let grader = Fixtures.grader()
        let report = try await grader.check(sources: [program], schedules: 5)
        #expect(report.verdict == .assertion)
        #expect(report.report.hasPrefix("assertion failed: argc == 2 (sure.c:5, in main)"))
        let passing = try await grader.check(sources: [program], arguments: ["one"], schedules: 5)
        #expect(passing.verdict == .ok, "\(passing.report)")
    }

    @Test("a race and a hang are both found; the hang decides the verdict")
    func raceAndHang() async throws {
        let program = SourceFile(
            name: "stuck.c",
            contents: """
                #include <pthread.h>
                #include <unistd.h>

                static long visits;

                static void *visit(void *unused) {
                    for (int i = 0; i < 100; i++) visits++;
                    return unused;
                }

                int main(void) {
                    pthread_t a, b;
                    pthread_create(&a, NULL, visit, NULL);
                    pthread_create(&b, NULL, visit, NULL);
                    pthread_join(a, NULL);
                    pthread_join(b, NULL);
                    pause();
                    return 0;
                }
                """)
        let report = try await Fixtures.grader().check(sources: [program], schedules: 5, wallSeconds: 1)
        #expect(report.verdict == .timeout)
        #expect(report.findings.map(\.kind) == [.timeout, .race])
        #expect(report.findings.allSatisfy { $0.seed != nil })
        #expect(report.findings[1].message.hasPrefix("data race on `visits`"))
        #expect(report.report.contains("also found:\n- data race on `visits`"))
    }
}
