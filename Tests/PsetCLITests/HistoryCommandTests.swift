import Foundation
import Testing

/// `pset history`, `feedback`, `test`, `logout` and `--version`, through the real binary on a temporary database.
@Suite(.serialized, .timeLimit(.minutes(3)))
final class HistoryCommandTests {
    let folder: URL
    let pset: PsetProcess

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("pset-history-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        pset = PsetProcess(database: folder.appendingPathComponent("pset.sqlite").path, directory: folder)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    @Test func historyListsEveryAttemptWithTheContractFields() throws {
        #expect((try pset.run("history", "--json").json() as? [Any])?.isEmpty == true)
        let id = "ipc/shmget-vs-shmat"
        #expect(try pset.run("answer", id, "a", "--json").status == 0)
        let key = try #require(try pset.run("show", id, "--json").object()["answer"] as? String)
        #expect(try pset.run("answer", id, key, "--json").status == 0)
        let entries = try #require(try pset.run("history", id, "--json").json() as? [[String: Any]])
        #expect(entries.map { $0["attempt"] as? Int } == [1, 2])
        for entry in entries {
            for key in ["id", "attempt", "at", "score", "maxScore", "correct", "late"] {
                #expect(entry[key] != nil, "\(key) missing")
            }
        }
        #expect(entries.map { $0["correct"] as? Bool } == [key == "a", true])
        let text = try pset.run("history")
        #expect(text.status == 0 && text.stdout.contains("\(id) #2"))
        let unknown = try pset.run("history", "ipc/nope")
        #expect(unknown.status == 1 && unknown.stderr.split(separator: "\n").count == 1)
    }

    @Test func feedbackShowsAnyAttemptAsItWasRecorded() throws {
        let id = "ipc/shmget-vs-shmat"
        let none = try pset.run("feedback", id, "--json")
        #expect(none.status == 1 && none.stdout.isEmpty && none.stderr.contains("no attempt at \(id)"))
        _ = try pset.run("answer", id, "a")
        let key = try #require(try pset.run("show", id, "--json").object()["answer"] as? String)
        _ = try pset.run("answer", id, key)
        let first = try pset.run("feedback", id, "--attempt", "1", "--json").object()
        #expect(first["attempt"] as? Int == 1 && first["correct"] as? Bool == (key == "a"))
        #expect(first["response"] as? String == "a")
        #expect(first["revealed"] as? Bool == true && first["explanation"] is String)
        let latest = try pset.run("feedback", id, "--json").object()
        #expect(latest["attempt"] as? Int == 2 && latest["correct"] as? Bool == true)
        let missing = try pset.run("feedback", id, "--attempt", "9")
        #expect(missing.status == 1 && missing.stderr.contains("no attempt 9"))
    }

    @Test func testRunsThePublicTestsAndRecordsNothing() throws {
        let work = folder.appendingPathComponent("work").path
        #expect(try pset.run("start", "threads/counter", work).status == 0)
        let output = try pset.run("test", "threads/counter", "\(work)/counter.c", "--json")
        #expect(output.status == 0)
        let result = try output.object()
        #expect(result["verdict"] as? String == "failed")
        let checks = try #require(result["checks"] as? [[String: Any]])
        #expect(!checks.isEmpty && checks.allSatisfy { $0["hidden"] as? Bool != true })
        let seed = try #require(result["seed"] as? String)
        #expect(result["replay"] as? String == "pset test threads/counter \(work)/counter.c --seed \(seed)")
        #expect((try pset.run("history", "--json").json() as? [Any])?.isEmpty == true)
        let replayed = try pset.run("test", "threads/counter", "\(work)/counter.c", "--seed", seed, "--json")
        #expect(try replayed.object()["seed"] as? String == seed)
    }

    @Test func runtimeErrorsAreOneLineWithStatusOne() throws {
        let unreadable = try pset.run("submit", "threads/counter", "no/such/counter.c")
        #expect(unreadable.status == 1)
        #expect(unreadable.stderr == "pset: cannot read no/such/counter.c\n")
        let usage = try pset.run("history", "--no-such-flag")
        #expect(usage.status == 64)
    }

    @Test func versionAndLogout() throws {
        let version = try pset.run("--version")
        #expect(version.status == 0 && !version.stdout.isEmpty)
        let config = folder.appendingPathComponent("config/pset")
        try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
        let file = config.appendingPathComponent("config.json")
        try Data(#"{"server":"http://127.0.0.1:9","token":"t"}"#.utf8).write(to: file)
        let out = try pset.run("logout", "--json").object()
        #expect(out["removed"] as? Bool == true)
        #expect(!FileManager.default.fileExists(atPath: file.path))
        #expect(try pset.run("logout", "--json").object()["removed"] as? Bool == false)
    }
}
