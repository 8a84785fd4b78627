import Foundation
import Testing

/// Due dates, late rules, attempts left and the score that counts, in the text and JSON of `show`, `problems`,
/// `grades` and `answer`, through the real binary on a temporary database.
@Suite(.serialized, .timeLimit(.minutes(2)))
final class StandingCommandTests {
    let folder: URL
    let pset: PsetProcess

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("pset-standing-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var pset = PsetProcess(database: folder.appendingPathComponent("pset.sqlite").path, directory: folder)
        // Dates are shown in the local time zone; these tests read them in UTC.
        pset.environment["TZ"] = "UTC"
        self.pset = pset
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    @Test func aLaterCorrectAnswerSaysTheFirstAttemptCounts() throws {
        let id = "ipc/shmget-vs-shmat"
        let first = try pset.run("answer", id, "a", "--json").object()
        let key = try #require(try pset.run("show", id, "--json").object()["answer"] as? String)
        let wrong = ["a", "b", "c", "d"].first { $0 != key }!
        if first["correct"] as? Bool == true {
            // The first attempt happened to be right; a wrong one after it shows the same rule from the other side.
            let second = try pset.run("answer", id, wrong)
            #expect(
                second.stdout.hasPrefix(
                    "Not correct — attempt 2, 0/1 — but your first attempt is the one that counts: 1/1"))
            return
        }
        let second = try pset.run("answer", id, key)
        #expect(second.status == 0)
        #expect(
            second.stdout.hasPrefix("Correct — attempt 2, 1/1 — but your first attempt is the one that counts: 0/1"),
            "\(second.stdout)")
        let json = try pset.run("feedback", id, "--json").object()
        #expect(json["score"] as? Double == 1 && json["problemScore"] as? Double == 0)
        #expect(json["scoring"] as? String == "first")
    }

    @Test func showProblemsAndGradesTellTheDueDateAndTheLateRule() throws {
        let show = try pset.run("show", "threads/counter")
        #expect(show.stdout.contains("Attempts: 0 · best attempt counts"))
        #expect(show.stdout.contains("Due 2026-12-18 23:59 UTC ("), "\(show.stdout)")
        #expect(show.stdout.contains("· late work keeps its score"))
        let shown = try pset.run("show", "threads/counter", "--json").object()
        #expect(shown["due"] as? String == "2026-12-18T23:59:00Z" && shown["scoring"] as? String == "best")
        #expect((shown["lateRule"] as? [String: Any])?["kind"] as? String == "accept")

        let problems = try #require(try pset.run("problems", "--json").json() as? [[String: Any]])
        for problem in problems {
            for key in ["due", "lateRule", "scoring"] { #expect(problem[key] != nil, "\(key) missing") }
        }
        #expect(try pset.run("problems").stdout.contains("threads  Due 2026-12-18 23:59 UTC ("))

        let grades = try pset.run("grades")
        #expect(grades.stdout.contains("Due 2026-12-11 23:59 UTC (") && grades.stdout.contains("late work keeps"))
        let sets = try #require(try pset.run("grades", "--json").object()["sets"] as? [[String: Any]])
        #expect(sets.allSatisfy { $0["due"] is String && $0["lateRule"] is [String: Any] })
    }
}
