import Foundation
import Testing

/// The service end to end with the real binary on loopback: roster import, the student commands in server
/// mode (with output identical to local mode), the TA's export, and a `kill -9` in the middle of grading.
@Suite(.serialized, .timeLimit(.minutes(5)))
final class ServerModeTests {
    let folder: URL
    let database: String
    let local: PsetProcess
    var tokens: [String: String] = [:]

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("pset-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        database = folder.appendingPathComponent("course.sqlite").path
        local = PsetProcess(database: database, directory: folder)
        let roster = """
            id,name,email,section,role,sis_user_id,sis_login_id,lms_id
            tess,Tess Ta,tess@example.edu,A,ta,,,
            s1,"Doe, Jane",jane@example.edu,A,student,S1,jdoe,101
            s2,Sam Roe,sam@example.edu,B,student,S2,sroe,102
            """
        try Data(roster.utf8).write(to: folder.appendingPathComponent("roster.csv"))
        tokens = try local.importRoster(roster)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// The binary in server mode as `person`, through `PSET_SERVER` and `PSET_TOKEN`.
    func remote(_ person: String, _ server: ServerProcess) -> PsetProcess {
        PsetProcess(database: database, directory: folder).remote(server, token: tokens[person])
    }

    /// The binary in local mode on the same database, as `person`.
    func localAs(_ person: String) -> PsetProcess {
        PsetProcess(database: database, user: person, directory: folder)
    }

    @Test func rosterImportPrintsEachNewTokenOnceAndUpdatesKnownPeople() throws {
        #expect(tokens.count == 3 && tokens.values.allSatisfy { $0.hasPrefix("pset_") })
        let again = try local.run("admin", "roster", "import", "roster.csv", "--json").object()
        #expect((again["created"] as? [Any])?.isEmpty == true)
        #expect(again["updated"] as? [String] == ["tess", "s1", "s2"])
    }

    @Test func studentFlowOverHTTPMatchesLocalMode() throws {
        let server = try ServerProcess(database: database, directory: folder, environment: local.environment)
        defer { server.stop() }
        let s1 = remote("s1", server)
        let problems = try #require(try s1.run("problems", "--json").json() as? [[String: Any]])
        let question = try #require(
            problems.first { $0["kind"] as? String == "question" }?["id"] as? String)
        let shown = try s1.run("show", question, "--json")
        #expect(shown.status == 0)
        #expect(try shown.object()["answer"] == nil)
        let choice = try #require((try shown.object()["choices"] as? [[String: Any]])?.first?["key"] as? String)
        let answered = try s1.run("answer", question, choice, "--json")
        #expect(answered.status == 0, "\(answered.stderr)")
        #expect(try answered.object()["attempt"] as? Int == 1)
        for command in [
            ["problems"], ["show", question], ["grades"], ["grades", "--json"], ["show", question, "--json"],
        ] {
            let overHTTP = try s1.run(command)
            let onDisk = try localAs("s1").run(command)
            #expect(overHTTP.stdout == onDisk.stdout, "pset \(command.joined(separator: " "))")
            #expect(overHTTP.status == 0)
        }
        let unknown = try s1.run("show", "ipc/no-such-problem")
        #expect(unknown.status != 0)
        #expect(unknown.stderr == (try localAs("s1").run("show", "ipc/no-such-problem")).stderr)

        let login = try s1.run("login", server.url, "--token", tokens["s2"]!, "--json")
        #expect(login.status == 0, "\(login.stderr)")
        let config = folder.appendingPathComponent("config/pset/config.json").path
        let mode = try FileManager.default.attributesOfItem(atPath: config)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        var loggedIn = PsetProcess(database: database, directory: folder)
        loggedIn.environment.removeValue(forKey: "PSET_DB")
        #expect(try loggedIn.run("grades", "--json").object()["student"] as? String == "s2")

        let refused = try s1.run("admin", "export")
        #expect(refused.status != 0 && refused.stderr.contains("only a TA may do this"))

        server.stop()
        #expect(server.process.terminationReason == .exit && server.process.terminationStatus == 0)
    }

    @Test func taExportsOverHTTPAsOnTheServerMachine() throws {
        let server = try ServerProcess(database: database, directory: folder, environment: local.environment)
        defer { server.stop() }
        let ta = remote("tess", server)
        let canvas = try ta.run("admin", "export", "--format", "canvas")
        #expect(canvas.status == 0, "\(canvas.stderr)")
        let lines = canvas.stdout.components(separatedBy: "\r\n")
        #expect(lines[0].hasPrefix("Student,ID,SIS User ID,SIS Login ID,Section,"))
        #expect(lines[1].hasPrefix("Points Possible,,,,,"))
        #expect(lines[2].hasPrefix("\"Doe, Jane\",101,S1,jdoe,A,"))
        for format in ["csv", "canvas", "json"] {
            #expect(
                try ta.run("admin", "export", "--format", format).stdout
                    == (try local.run("admin", "export", "--format", format)).stdout)
        }
        let rotated = try ta.run("admin", "token", "rotate", "s2", "--json").object()
        let token = try #require(rotated["token"] as? String)
        var s2 = remote("s2", server)
        #expect(try s2.run("grades").status != 0)
        s2.environment["PSET_TOKEN"] = token
        #expect(try s2.run("grades").status == 0)
        let extended = try ta.run("admin", "extend", "s2", "ipc", "2027-01-15", "--json")
        #expect(extended.status == 0, "\(extended.stderr)")
        try Data("id,name,email,section,role\ns3,Ann Lee,ann@example.edu,B,student\n".utf8)
            .write(to: folder.appendingPathComponent("late-enrolment.csv"))
        let added = try ta.run("admin", "roster", "import", "late-enrolment.csv", "--json").object()
        let created = try #require(added["created"] as? [[String: Any]])
        #expect(created.map { $0["id"] as? String } == ["s3"])
    }

    /// Submissions in flight when the server is killed: one being graded (one worker), the rest queued.
    static let submissions = 3

    /// The first coding task of the built-in bank, when it has one.
    static var codingTask: String? {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pset-probe-\(UUID().uuidString)")
        guard (try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)) != nil else {
            return nil
        }
        defer { try? FileManager.default.removeItem(at: folder) }
        let probe = PsetProcess(database: folder.appendingPathComponent("probe.sqlite").path, directory: folder)
        let list = (try? probe.run("problems", "--json").json()) as? [[String: Any]]
        return list?.first { $0["kind"] as? String == "code" }?["id"] as? String
    }

    @Test(.enabled(if: codingTask != nil, "the bank has no coding task to submit yet"))
    func killDuringGradingLosesNothingAndGradesNothingTwice() throws {
        let task = try #require(Self.codingTask)
        var server = try ServerProcess(database: database, directory: folder, environment: local.environment)
        let work = folder.appendingPathComponent("work")
        let started = try local.run("start", task, work.path)
        #expect(started.status == 0, "\(started.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: work.path).filter { $0.hasSuffix(".c") }
            .map { work.appendingPathComponent($0).path }
        let submitters = try (0..<Self.submissions).map { index in
            let student = index % 2 == 0 ? "s1" : "s2"
            let process = Process()
            process.executableURL = PsetProcess.binary
            process.arguments = ["submit", task] + files + ["--json"]
            process.environment = remote(student, server).environment
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            return process
        }
        let ta = remote("tess", server)
        // The kill must come once every submission is stored (each client has had its 202) and one is being
        // graded; a client still starting up when the server dies has submitted nothing that could be lost.
        let deadline = Date().addingTimeInterval(60)
        var running = 0
        var done = 0
        var stored = 0
        while !(running == 1 && stored == Self.submissions) && done < Self.submissions && Date() < deadline {
            let counts = try? ta.run("admin", "queue", "--json").object()
            running = counts?["running"] as? Int ?? 0
            done = counts?["done"] as? Int ?? 0
            stored = (counts?["queued"] as? Int ?? 0) + running + done
        }
        #expect(stored == Self.submissions, "only \(stored) submissions were stored before the kill")
        #expect(running == 1, "the kill came after grading, not during it")
        server.crash()
        for submitter in submitters { submitter.waitUntilExit() }

        server = try ServerProcess(database: database, directory: folder, environment: local.environment)
        defer { server.stop() }
        let restarted = remote("tess", server)
        var counts: [String: Any] = [:]
        let regraded = Date().addingTimeInterval(150)
        while Date() < regraded {
            counts = try restarted.run("admin", "queue", "--json").object()
            if counts["done"] as? Int == Self.submissions { break }
            Thread.sleep(forTimeInterval: 0.2)
        }
        #expect(
            counts["queued"] as? Int == 0 && counts["running"] as? Int == 0
                && counts["done"] as? Int == Self.submissions)
        let book = try restarted.run("admin", "export", "--format", "json").object()
        let students = try #require(book["students"] as? [[String: Any]])
        let attempts = students.flatMap { ($0["sets"] as? [[String: Any]]) ?? [] }
            .flatMap { ($0["problems"] as? [[String: Any]]) ?? [] }
            .filter { $0["id"] as? String == task }
            .reduce(0) { $0 + (($1["attempts"] as? Int) ?? 0) }
        #expect(attempts == Self.submissions)
    }
}
