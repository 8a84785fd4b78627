import Foundation
import Testing

/// A submission that takes `pset serve` down again and again, or that the grader cannot finish, costs its student
/// one error grading and nobody else anything.
@Suite(.serialized, .timeLimit(.minutes(5)))
final class PoisonJobTests {
    let folder: URL
    let database: String
    let local: PsetProcess
    var tokens: [String: String] = [:]

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("pset-poison-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        database = folder.appendingPathComponent("course.sqlite").path
        local = PsetProcess(database: database, directory: folder)
        tokens = try local.importRoster(
            "id,name,email,section,role\ntess,Tess,,A,ta\ns1,Sam,,A,student\ns2,Kim,,A,student\n")
        let started = try local.run("start", "threads/counter", "work")
        #expect(started.status == 0, "\(started.stderr)")
        let starter = try String(contentsOf: folder.appendingPathComponent("work/counter.c"), encoding: .utf8)
        // Every run of this counter sleeps two seconds first: its grading is long enough to be caught running.
        let slow =
            "#include <unistd.h>\n"
            + starter.replacingOccurrences(
                of: "counter_t *c = malloc(sizeof *c);", with: "sleep(2);\n    counter_t *c = malloc(sizeof *c);")
        #expect(slow != "#include <unistd.h>\n" + starter)
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("slow"), withIntermediateDirectories: true)
        try Data(slow.utf8).write(to: folder.appendingPathComponent("slow/counter.c"))
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    func client(_ person: String, _ server: ServerProcess) -> PsetProcess {
        local.remote(server, token: tokens[person])
    }

    /// `pset submit` of `file` in the background, as `person`; it waits for its result, which it prints as JSON
    /// to the returned file.
    func submit(_ file: String, as person: String, _ server: ServerProcess) throws -> (Process, URL) {
        let output = folder.appendingPathComponent("submit-\(UUID().uuidString).json")
        FileManager.default.createFile(atPath: output.path, contents: nil)
        let process = Process()
        process.executableURL = PsetProcess.binary
        process.arguments = ["submit", "threads/counter", folder.appendingPathComponent(file).path, "--json"]
        process.environment = client(person, server).environment
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = FileHandle.nullDevice
        try process.run()
        return (process, output)
    }

    /// What a finished `pset submit --json` printed.
    func result(_ submission: (Process, URL)) throws -> [String: Any] {
        submission.0.waitUntilExit()
        let data = try Data(contentsOf: submission.1)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], "\(submission.1)")
    }

    /// The queue's counts once `condition` holds for them, or after a minute.
    func counts(_ server: ServerProcess, until condition: ([String: Int]) -> Bool) throws -> [String: Int] {
        let ta = client("tess", server)
        var counts: [String: Int] = [:]
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let object = (try? ta.run("admin", "queue", "--json").object()) ?? [:]
            counts = object.compactMapValues { $0 as? Int }
            if condition(counts) { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return counts
    }

    func start(_ arguments: [String] = []) throws -> ServerProcess {
        try ServerProcess(database: database, directory: folder, environment: local.environment, arguments: arguments)
    }

    /// Whether `server`'s own worker is grading a job now.
    func grading(_ server: ServerProcess) -> Bool {
        let jobs = (try? client("tess", server).run("admin", "queue", "--json").object())?["jobs"] as? [[String: Any]]
        return jobs?.contains {
            $0["state"] as? String == "running"
                && ($0["worker"] as? String)?.contains("pid \(server.process.processIdentifier) ") == true
        } == true
    }

    @Test func aJobWhoseServerDiesUnderItThreeTimesIsRecordedAsAnErrorAndTheNextIsGraded() throws {
        // Leases of two seconds: a job the dead server held is claimed again soon after the restart.
        var server = try start(["--lease", "2"])
        let submitter = try submit("slow/counter.c", as: "s1", server)
        for round in 1...3 {
            let deadline = Date().addingTimeInterval(60)
            while !grading(server) && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
            #expect(grading(server), "round \(round): the job was never seen running on the new server")
            server.crash()
            if round == 1 { submitter.0.waitUntilExit() }
            server = try start(["--lease", "2"])
        }
        defer { server.stop() }
        let other = try submit("work/counter.c", as: "s2", server)
        let settled = try counts(server) { $0["done"] == 2 }
        #expect(settled["done"] == 2 && settled["queued"] == 0 && settled["running"] == 0, "\(settled)")
        #expect(settled["failed"] == 1, "only the poison job is an error: \(settled)")
        #expect(try result(other)["verdict"] as? String == "failed")
        let feedback = try client("s1", server).run("feedback", "threads/counter", "--json").object()
        let message = (feedback["checks"] as? [[String: Any]])?.first?["message"] as? String
        #expect(message?.hasPrefix("the grader failed on this submission 3 times") == true, "\(feedback)")
    }

    @Test func aGradingPastTheTimeLimitIsRecordedAsAnErrorAndTheWorkerMovesOn() throws {
        let server = try start(["--grading-timeout", "3"])
        defer { server.stop() }
        let slow = try submit("slow/counter.c", as: "s1", server)
        let other = try submit("work/counter.c", as: "s2", server)
        let settled = try counts(server) { $0["done"] == 2 }
        #expect(settled["done"] == 2 && settled["failed"] == 1, "\(settled)")
        let stopped = try result(slow)
        #expect(stopped["verdict"] as? String == "error")
        let message = (stopped["checks"] as? [[String: Any]])?.first?["message"] as? String
        #expect(message == "grading took longer than 3 seconds and was stopped")
        #expect(try result(other)["verdict"] as? String == "failed")
    }
}
