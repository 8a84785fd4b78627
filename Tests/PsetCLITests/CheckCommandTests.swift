import Foundation
import Testing

@Suite("pset check", .serialized, .timeLimit(.minutes(1)))
struct CheckCommandTests {
    /// Two threads add to a shared total; `locked` says whether they hold a mutex while they do.
    static func program(locked: Bool) -> String {
        """
        #include <pthread.h>
        #include <stdio.h>

        static long total;
        static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

        static void *add(void *unused) {
            (void)unused;
            for (int i = 0; i < 1000; i++) {
                \(locked ? "pthread_mutex_lock(&lock);" : "")
                total++;
                \(locked ? "pthread_mutex_unlock(&lock);" : "")
            }
            return NULL;
        }

        int main(void) {
            pthread_t a, b;
            pthread_create(&a, NULL, add, NULL);
            pthread_create(&b, NULL, add, NULL);
            pthread_join(a, NULL);
            pthread_join(b, NULL);
            printf("%ld\\n", total);
            return 0;
        }
        """
    }

    private func check(_ source: String, _ arguments: String...) throws -> PsetProcess.Output {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pset-check-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try source.write(to: directory.appendingPathComponent("total.c"), atomically: true, encoding: .utf8)
        let pset = PsetProcess(database: directory.appendingPathComponent("db.sqlite").path, directory: directory)
        return try pset.run(["check", "total.c"] + arguments)
    }

    @Test("a correct program is ok after every schedule")
    func correctProgram() throws {
        let output = try check(Self.program(locked: true), "--json", "--schedules", "20")
        #expect(output.status == 0)
        let result = try output.object()
        #expect(result["verdict"] as? String == "ok")
        #expect(result["runs"] as? Int == 21)
        #expect(result["seed"] == nil)
    }

    @Test("an unlocked shared total is a data race, named in the report")
    func racyProgram() throws {
        let output = try check(Self.program(locked: false), "--json", "--schedules", "20")
        #expect(output.status == 0)
        let result = try output.object()
        #expect(result["verdict"] as? String == "race")
        #expect((result["report"] as? String)?.hasPrefix("data race on `total` (total.c:") == true)
    }

    @Test("a malformed seed is refused with a one-line reason")
    func malformedSeed() throws {
        let output = try check(Self.program(locked: true), "--seed", "banana")
        #expect(output.status != 0)
        #expect(output.stderr.contains("banana is not a seed"))
    }
}
