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
        try check(files: ["total.c": source], arguments: ["total.c"] + arguments)
    }

    /// Runs `pset check ARGUMENTS` in a directory holding `files`, with `input` as its standard input.
    private func check(
        files: [String: String], arguments: [String], input: String? = nil
    ) throws -> PsetProcess.Output {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pset-check-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for (name, contents) in files {
            try contents.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let pset = PsetProcess(database: directory.appendingPathComponent("db.sqlite").path, directory: directory)
        return try pset.run(["check"] + arguments, input: input)
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
        #expect(output.status == 1)
        let result = try output.object()
        #expect(result["verdict"] as? String == "race")
        let findings = try #require(result["findings"] as? [[String: Any]])
        #expect(findings.first?["kind"] as? String == "race")
        #expect(findings.first?["seed"] as? String == result["seed"] as? String)
        #expect((result["report"] as? String)?.hasPrefix("data race on `total` (total.c:") == true)
    }

    @Test("a failing schedule is told as a story: JSON steps, and text with each switch")
    func failingScheduleTrace() throws {
        let counting = Self.program(locked: false).replacingOccurrences(
            of: "    printf(\"%ld\\n\", total);\n", with: "    if (total != 2000) return 1;\n")
        let found = try check(counting, "--json", "--schedules", "20")
        #expect(found.status == 1)
        let result = try found.object()
        let seed = try #require(result["seed"] as? String)
        let trace = try #require(result["trace"] as? [[String: Any]])
        #expect(!trace.isEmpty)
        for step in trace {
            #expect(step["thread"] is Int && step["file"] as? String == "total.c" && step["line"] is Int)
            #expect(step["event"] is String)
        }
        let findings = try #require(result["findings"] as? [[String: Any]])
        #expect((findings.first?["trace"] as? [[String: Any]])?.count == trace.count)
        let replayed = try check(counting, "--seed", seed)
        #expect(replayed.status == 1)
        #expect(replayed.stdout.contains("how the schedule failed (its last steps on your lines):"))
        #expect(replayed.stdout.contains("── switch: T"))
        #expect(replayed.stdout.contains("total.c:11  reads total ("), "\(replayed.stdout)")
        #expect(replayed.stdout.contains("so this overwrites T"), "\(replayed.stdout)")
    }

    @Test("a malformed seed is refused with a one-line reason")
    func malformedSeed() throws {
        let output = try check(Self.program(locked: true), "--seed", "banana")
        #expect(output.status == 64)
        #expect(output.stderr.contains("banana is not a seed"))
    }

    @Test("exit status: 0 nothing found, 1 a problem, 2 could not check, 64 a usage mistake")
    func exitStatuses() throws {
        #expect(try check(Self.program(locked: true), "--schedules", "5").status == 0)
        #expect(try check(Self.program(locked: false), "--schedules", "5").status == 1)
        let broken = try check("int main(void) { return missing; }\n", "--json")
        #expect(broken.status == 2)
        #expect(try broken.object()["verdict"] as? String == "compile_error")
        let unreadable = try check(files: [:], arguments: ["absent.c"])
        #expect(unreadable.status == 2)
        #expect(unreadable.stderr.hasPrefix("error: cannot check the program: cannot read absent.c"))
        #expect(try check(Self.program(locked: true), "--schedules", "0").status == 64)
    }

    @Test("the program gets the arguments after -- and pset check's standard input")
    func passesArgumentsAndInput() throws {
        let source = """
            #include <assert.h>
            #include <stdio.h>
            #include <stdlib.h>

            int main(int argc, char **argv) {
                int lines = 0;
                char line[64];
                while (fgets(line, sizeof line, stdin) != NULL) lines++;
                assert(argc == 2 && lines == atoi(argv[1]));
                return 0;
            }
            """
        let counted = try check(
            files: ["lines.c": source], arguments: ["lines.c", "--schedules", "5", "--", "3"], input: "a\nb\nc\n")
        #expect(counted.status == 0, "\(counted.stdout)")
        let miscounted = try check(
            files: ["lines.c": source], arguments: ["lines.c", "--json", "--schedules", "5", "--", "4"],
            input: "a\nb\nc\n")
        #expect(miscounted.status == 1)
        let result = try miscounted.object()
        #expect(result["verdict"] as? String == "assertion")
        #expect(
            (result["report"] as? String)?.hasPrefix("assertion failed: argc == 2 && lines == atoi(argv[1])") == true)
        #expect((result["report"] as? String)?.contains(" -- 4 (with the same standard input)") == true)
    }

    @Test("files a source includes are taken from beside it, whatever their names")
    func picksUpIncludedFiles() throws {
        let files = [
            "main.c":
                "#include \"limits.def\"\n#include \"util.h\"\nint main(void) { return twice(LIMIT) == 8 ? 0 : 1; }\n",
            "limits.def": "#define LIMIT 4\n",
            "util.h": "#include \"util_impl.inc\"\n",
            "util_impl.inc": "static int twice(int x) { return 2 * x; }\n",
            "unrelated.h": "#error this header is never included\n",
        ]
        let output = try check(files: files, arguments: ["main.c", "--json", "--schedules", "3"])
        #expect(output.status == 0, "\(output.stdout)\(output.stderr)")
        #expect(try output.object()["verdict"] as? String == "ok")
    }

    @Test("every finding is shown: a deadlock and the race beside it")
    func showsEveryFinding() throws {
        let source = """
            #include <pthread.h>

            static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;
            static long unguarded;

            static void *forward(void *unused) {
                for (int i = 0; i < 20; i++) {
                    unguarded++;
                    pthread_mutex_lock(&a);
                    pthread_mutex_lock(&b);
                    pthread_mutex_unlock(&b);
                    pthread_mutex_unlock(&a);
                }
                return unused;
            }

            static void *backward(void *unused) {
                for (int i = 0; i < 20; i++) {
                    unguarded++;
                    pthread_mutex_lock(&b);
                    pthread_mutex_lock(&a);
                    pthread_mutex_unlock(&a);
                    pthread_mutex_unlock(&b);
                }
                return unused;
            }

            int main(void) {
                pthread_t one, two;
                pthread_create(&one, NULL, forward, NULL);
                pthread_create(&two, NULL, backward, NULL);
                pthread_join(one, NULL);
                pthread_join(two, NULL);
                return 0;
            }
            """
        let output = try check(files: ["both.c": source], arguments: ["both.c", "--json"])
        #expect(output.status == 1)
        let result = try output.object()
        #expect(result["verdict"] as? String == "deadlock")
        let findings = try #require(result["findings"] as? [[String: Any]])
        #expect(findings.map { $0["kind"] as? String } == ["deadlock", "race"])
        #expect(findings.allSatisfy { ($0["seed"] as? String)?.hasPrefix("s1-") == true })
    }
}
