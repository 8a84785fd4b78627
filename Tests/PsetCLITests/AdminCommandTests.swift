import Foundation
import Testing

/// A TA's day through the real binary: extensions, the roster again, the Canvas export's warnings, people, one
/// student, the queue, a TA's `show`, and a regrade's progress over HTTP.
@Suite(.serialized, .timeLimit(.minutes(3)))
final class AdminCommandTests {
    let folder: URL
    let database: String
    let local: PsetProcess
    var tokens: [String: String] = [:]

    static let question = "ipc/shmget-vs-shmat"

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("pset-admin-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        database = folder.appendingPathComponent("course.sqlite").path
        local = PsetProcess(database: database, user: "tess", directory: folder)
        tokens = try local.importRoster(
            """
            id,name,email,section,role,sis_user_id,sis_login_id,lms_id
            tess,Tess Ta,tess@example.edu,A,ta,,,
            s1,Jane Doe,jane@example.edu,A,student,S1,jdoe,101
            s2,Sam Roe,sam@example.edu,B,student,,,
            """)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    @Test func extensionsAreCheckedListedAndRevoked() throws {
        let early = try local.run("admin", "extend", "s1", "ipc", "2026-11-01")
        #expect(early.status == 1 && early.stdout.isEmpty)
        #expect(
            early.stderr
                == "pset: ipc is due 2026-12-11T23:59:00Z; an extension must end later (--force grants it anyway)\n")
        #expect(try local.run("admin", "extend", "s2", "ipc", "2026-11-01T00:00:00Z", "--force").status == 0)
        #expect(try local.run("admin", "extend", "s1", "ipc", "2026-12-20T12:00:00Z").status == 0)
        let listed = try #require(try local.run("admin", "extensions", "--json").json() as? [[String: Any]])
        #expect(listed.map { $0["student"] as? String } == ["s1", "s2"])
        #expect(listed.first?["until"] as? String == "2026-12-20T12:00:00Z")
        #expect(listed.first?["due"] as? String == "2026-12-11T23:59:00Z")
        let text = try local.run("admin", "extensions", "--student", "s1")
        #expect(text.stdout.hasPrefix("s1\tipc\tuntil 2026-12-20T12:00:00Z"))
        let revoked = try local.run("admin", "extend", "--revoke", "s1", "ipc")
        #expect(revoked.stdout == "Revoked s1's extension for ipc; it is due 2026-12-11T23:59:00Z again.\n")
        let none = try local.run("admin", "extend", "--revoke", "s1", "ipc")
        #expect(none.stdout == "s1 had no extension for ipc; nothing to revoke.\n")
        #expect(
            try local.run("admin", "extensions", "--set", "ipc", "--student", "s1").stdout == "No extensions granted.\n"
        )
        #expect(try local.run("admin", "extend", "--revoke", "s1", "ipc", "2026-12-20").status == 64)
        #expect(try local.run("admin", "extend", "s1", "ipc").status == 64)
    }

    @Test func rosterAgainKeepsSISIdsAndCanvasExportWarns() throws {
        try Data("id,name,email,section,role\ns1,Jane Doe,jane@example.edu,C,student\n".utf8)
            .write(to: folder.appendingPathComponent("sections.csv"))
        let again = try local.run("admin", "roster", "import", "sections.csv")
        #expect(again.status == 0)
        #expect(
            again.stdout.contains("Kept the stored sis_user_id, sis_login_id, lms_id: the file has no such column."))
        let people = try #require(
            try local.run("admin", "people", "--role", "student", "--json").json() as? [[String: Any]])
        #expect(people.map { $0["id"] as? String } == ["s1", "s2"])
        #expect(people.first?["sisUserID"] as? String == "S1" && people.first?["section"] as? String == "C")
        #expect(people.first?["lmsID"] as? String == "101")

        let canvas = try local.run("admin", "export", "--format", "canvas")
        #expect(canvas.status == 0)
        #expect(canvas.stdout.components(separatedBy: "\r\n").contains { $0.hasPrefix("Jane Doe,101,S1,jdoe,C,") })
        #expect(canvas.stdout.components(separatedBy: "\r\n").contains { $0.hasPrefix("Sam Roe,,,,B,") })
        #expect(
            canvas.stderr
                == "pset: warning: s2 (Sam Roe) has no sis_user_id, sis_login_id or lms_id; Canvas cannot match their "
                + "row (add them to the roster and import it again)\n")
        #expect(try local.run("admin", "export", "--format", "csv").stderr.isEmpty)
    }

    @Test func oneStudentAndTheQueue() throws {
        let s1 = PsetProcess(database: database, user: "s1", directory: folder)
        #expect(try s1.run("answer", Self.question, "a").status == 0)
        let record = try local.run("admin", "student", "s1", "--json").object()
        let problems = try #require(record["problems"] as? [[String: Any]])
        let tried = try #require(problems.first { $0["id"] as? String == Self.question })
        #expect(tried["attempts"] as? Int == 1)
        #expect((tried["latest"] as? [String: Any])?["attempt"] as? Int == 1)
        let text = try local.run("admin", "student", "s1")
        #expect(text.stdout.contains("\(Self.question)\t1 attempt(s)"))
        #expect(text.stdout.contains("pset feedback PROBLEM --student s1 [--attempt N]"))
        let feedback = try local.run("feedback", Self.question, "--student", "s1", "--json").object()
        #expect(feedback["attempt"] as? Int == 1 && feedback["response"] as? String == "a")
        let history = try #require(try local.run("history", "--student", "s1", "--json").json() as? [[String: Any]])
        #expect(history.count == 1)
        let nobody = try local.run("feedback", Self.question, "--student", "nobody")
        #expect(nobody.status == 1 && nobody.stderr.hasPrefix("pset: unknown person 'nobody'"))
        #expect(try local.run("admin", "people", "--json").stdout.contains("nobody") == false, "nobody was created")
        let ta = try local.run("admin", "student", "tess")
        #expect(ta.status == 1 && ta.stderr == "pset: tess is a TA, not a student\n")

        let regrade = try local.run("admin", "regrade", Self.question)
        #expect(
            regrade.stderr == "regrading \(Self.question): 0/1 graded again; now s1's attempt 1\n"
                + "regrading \(Self.question): 1/1 graded again\n")
        #expect(regrade.stdout == "Regraded 1 attempt(s) at \(Self.question); 0 score(s) moved.\n")

        let queue = try local.run("admin", "queue", "--json").object()
        #expect(queue["queued"] as? Int == 0 && (queue["jobs"] as? [Any])?.isEmpty == true)
    }

    @Test func aTAsShowHasTheAnswerKey() throws {
        let shown = try local.run("show", Self.question, "--json").object()
        #expect(shown["revealed"] as? Bool == true && shown["answer"] != nil && shown["explanation"] is String)
        let student = try PsetProcess(database: database, user: "s2", directory: folder).run(
            "show", Self.question, "--json")
        #expect(try student.object()["answer"] == nil)
    }

    @Test func regradeOverHTTPShowsProgressAndASummary() throws {
        let s1 = PsetProcess(database: database, user: "s1", directory: folder)
        #expect(try s1.run("answer", Self.question, "a").status == 0)
        #expect(try s1.run("answer", Self.question, "b").status == 0)
        let server = try ServerProcess(database: database, directory: folder, environment: local.environment)
        defer { server.stop() }
        let ta = local.remote(server, token: tokens["tess"])
        let regrade = try ta.run("admin", "regrade", Self.question)
        #expect(regrade.status == 0, "\(regrade.stderr)")
        #expect(regrade.stderr.contains("regrading \(Self.question): 0/2 graded again; now s1's attempt 1\n"))
        #expect(regrade.stderr.hasSuffix("regrading \(Self.question): 2/2 graded again\n"))
        #expect(regrade.stdout == "Regraded 2 attempt(s) at \(Self.question); 0 score(s) moved.\n")
        let report = try ta.run("admin", "regrade", Self.question, "--json").object()
        #expect(report["raised"] as? Int == 0 && report["lowered"] as? Int == 0 && report["regraded"] as? Int == 2)
        #expect(try ta.run("admin", "extend", "s1", "ipc", "2026-12-01").status == 1)
        #expect(try ta.run("admin", "extend", "s1", "ipc", "2026-12-20").status == 0)
        let extensions = try #require(try ta.run("admin", "extensions", "--json").json() as? [[String: Any]])
        #expect(extensions.map { $0["student"] as? String } == ["s1"])
        let revoked = try ta.run("admin", "extend", "--revoke", "s1", "ipc")
        #expect(revoked.stdout == "Revoked s1's extension for ipc; it is due 2026-12-11T23:59:00Z again.\n")
        let theirs = try ta.run("feedback", Self.question, "--student", "s1", "--attempt", "2", "--json").object()
        #expect(theirs["attempt"] as? Int == 2 && theirs["response"] as? String == "b")
        let s2 = local.remote(server, token: tokens["s2"])
        let pried = try s2.run("feedback", Self.question, "--student", "s1")
        #expect(pried.status == 1, "a student may not read another's feedback")
        let people = try #require(try ta.run("admin", "people", "--json").json() as? [[String: Any]])
        #expect(people.map { $0["id"] as? String } == ["s1", "s2", "tess"])
    }
}
