import Foundation
import Testing

/// The student commands of the CLI contract, run through the real binary on a temporary database.
@Suite(.serialized, .timeLimit(.minutes(2)))
final class StudentCommandTests {
    let folder: URL
    let pset: PsetProcess

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("pset-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        pset = PsetProcess(database: folder.appendingPathComponent("pset.sqlite").path, directory: folder)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// The first single-choice question of the bank and one of its wrong keys.
    func aChoiceQuestion() throws -> (id: String, wrong: String) {
        let list = try #require(try pset.run("problems", "--json").json() as? [[String: Any]])
        for problem in list where problem["kind"] as? String == "question" {
            let id = try #require(problem["id"] as? String)
            let shown = try pset.run("show", id, "--json").object()
            if shown["format"] as? String == "single-choice", let choices = shown["choices"] as? [[String: Any]] {
                return (id, try #require(choices.last?["key"] as? String))
            }
        }
        throw CancellationError()
    }

    @Test func problemsListsEveryProblemWithTheContractFields() throws {
        let output = try pset.run("problems", "--json")
        #expect(output.status == 0)
        let list = try #require(try output.json() as? [[String: Any]])
        #expect(list.count >= 2)
        for problem in list {
            for key in ["id", "set", "title", "kind", "topics", "points", "attempts", "score"] {
                #expect(problem[key] != nil, "\(key) missing")
            }
        }
        #expect(list.contains { $0["kind"] as? String == "question" })
    }

    @Test func answersAreRevealedAfterTheFirstAttemptOnly() throws {
        let (id, wrong) = try aChoiceQuestion()
        let before = try pset.run("show", id, "--json").object()
        #expect(before["revealed"] as? Bool == false)
        #expect(before["answer"] == nil && before["explanation"] == nil)

        let invalid = try pset.run("answer", id, "zz", "--json")
        #expect(invalid.status != 0 && invalid.stdout.isEmpty)
        #expect(invalid.stderr.split(separator: "\n").count == 1)
        #expect(try pset.run("show", id, "--json").object()["attempts"] as? Int == 0)

        let answered = try pset.run("answer", id, wrong, "--json").object()
        #expect(answered["attempt"] as? Int == 1)
        #expect(answered["revealed"] as? Bool == true)
        #expect(answered["explanation"] is String && answered["answer"] != nil)
        for key in ["id", "score", "maxScore", "correct"] { #expect(answered[key] != nil) }

        let after = try pset.run("show", id, "--json").object()
        #expect(after["revealed"] as? Bool == true && after["explanation"] is String)
        #expect(
            try PsetProcess(database: pset.environment["PSET_DB"]!, user: "bob", directory: folder)
                .run("show", id, "--json").object()["revealed"] as? Bool == false)
    }

    @Test func aTASeesAStudentsVariantAndItsAnswerIsThatStudentsAnswer() throws {
        let id = "ipc/fork-loop-count"
        let shown = try pset.run("show", id, "--json").object()
        let view = try pset.run("admin", "variant", id, "ada", "--json").object()
        #expect(view["prompt"] as? String == shown["prompt"] as? String)
        #expect((view["variant"] as? [String: Any])?["parameters"] != nil)
        let answer = try #require(view["answer"] as? Int)
        let answered = try pset.run("answer", id, String(answer), "--json").object()
        #expect(answered["correct"] as? Bool == true && answered["answer"] as? Int == answer)
        let text = try pset.run("admin", "variant", id, "ada")
        #expect(
            text.status == 0 && text.stdout.contains("Parameters: n = ") && text.stdout.contains("Attempt 1: \(answer)")
        )
        let unknown = try pset.run("admin", "variant", id, "nobody")
        #expect(unknown.status == 1 && unknown.stderr.contains("unknown person 'nobody'"))
    }

    @Test func gradesReportEachSetAndTheTotal() throws {
        let (id, _) = try aChoiceQuestion()
        _ = try pset.run("answer", id, "a")
        let grades = try pset.run("grades", "--json").object()
        #expect(grades["student"] as? String == "ada")
        #expect((grades["sets"] as? [Any])?.isEmpty == false)
        #expect(grades["score"] is Double || grades["score"] is Int)
    }

    @Test func startWritesTheStarterFilesAndNeverOverwrites() throws {
        let output = try pset.run("start", "threads/counter", "work")
        #expect(output.status == 0, "\(output.stderr)")
        let work = folder.appendingPathComponent("work")
        #expect(FileManager.default.fileExists(atPath: work.appendingPathComponent("counter.c").path))
        #expect(FileManager.default.fileExists(atPath: work.appendingPathComponent("counter.h").path))
        try Data("my work".utf8).write(to: work.appendingPathComponent("counter.c"))
        let again = try pset.run("start", "threads/counter", "work")
        #expect(again.status != 0 && again.stderr.contains("already exist"))
        #expect(try String(contentsOf: work.appendingPathComponent("counter.c"), encoding: .utf8) == "my work")
    }

    @Test func badInputGetsOneLineAndANonZeroStatus() throws {
        let cases: [[String]] = [
            ["show", "ipc/no-such-problem"],
            ["answer", "threads/counter", "a"],
            ["submit", "threads/counter", "/nonexistent/counter.c"],
            ["start", "ipc/shmget-vs-shmat"],
            ["frobnicate"],
        ]
        for arguments in cases {
            let output = try pset.run(arguments)
            #expect(output.status != 0, "\(arguments)")
            #expect(output.stdout.isEmpty, "\(arguments)")
            #expect(!output.stderr.isEmpty, "\(arguments)")
        }
        #expect(try pset.run("show", "ipc/no-such-problem").stderr.split(separator: "\n").count == 1)
    }

    @Test func aLongTextAnswerOrIdIsRefusedInOneLineAndSpendsNoAttempt() throws {
        let long = String(repeating: "shmctl(", count: 64 * 1024 / 7)
        let answered = try pset.run("answer", "ipc/shm-remove-call", long)
        #expect(answered.status != 0)
        #expect(
            answered.stderr.trimmingCharacters(in: .newlines)
                == "pset: not an answer to ipc/shm-remove-call: the answer is \(long.count) characters long; an answer has at most 1000; nothing was recorded"
        )
        let shown = try pset.run("show", "ipc/shm-remove-call", "--json").object()
        #expect(shown["attempts"] as? Int == 0)
        let unknown = try pset.run("show", String(repeating: "ipc/x", count: 20_000))
        #expect(unknown.status != 0)
        #expect(unknown.stderr.split(separator: "\n").count == 1)
        #expect(unknown.stderr.utf8.count < 200)
    }

    @Test func aDatabaseThatIsNotOursIsRefused() throws {
        let path = folder.appendingPathComponent("notes.txt")
        try Data(repeating: 0x41, count: 4096).write(to: path)
        let output = try pset.run("problems", "--db", path.path)
        #expect(output.status != 0)
        #expect(output.stderr.contains("damaged or not a database file"))
        #expect(try Data(contentsOf: path) == Data(repeating: 0x41, count: 4096))
    }

    @Test func everyCommandHasHelp() throws {
        for command in ["problems", "show", "start", "answer", "submit", "grades"] {
            let output = try pset.run(command, "--help")
            #expect(output.status == 0 && output.stdout.contains("USAGE"), "\(command)")
        }
    }
}
