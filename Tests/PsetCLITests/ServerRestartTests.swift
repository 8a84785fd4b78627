import Foundation
import Testing

/// Server mode across stops and restarts, with the real binary on loopback: a submitter waits out a restart
/// and prints its feedback, a second signal stops `pset serve` at once without counting against the
/// submission, and Ctrl-C in the submitter says how to see the feedback later.
@Suite(.serialized, .timeLimit(.minutes(6)))
final class ServerRestartTests {
    let folder: URL
    let database: String
    let local: PsetProcess
    let tokens: [String: String]
    /// A counter whose `counter_add` never returns: its grading runs for many seconds, long enough to stop
    /// the server in the middle of it.
    let slowSource: String

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("pset-restart-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        database = folder.appendingPathComponent("course.sqlite").path
        local = PsetProcess(database: database, directory: folder)
        tokens = try local.importRoster(
            "id,name,email,section,role\ns1,Sam One,s1@example.edu,A,student\ntess,Tess Ta,tess@example.edu,A,ta\n")
        let work = folder.appendingPathComponent("slow")
        #expect(try local.run("start", "threads/counter", work.path).status == 0)
        let source = work.appendingPathComponent("counter.c")
        let starter = try String(contentsOf: source, encoding: .utf8)
        let endless = starter.replacingOccurrences(
            of: "    (void)delta;\n", with: "    (void)delta;\n    for (;;) {\n    }\n")
        #expect(endless != starter)
        try endless.write(to: source, atomically: true, encoding: .utf8)
        slowSource = source.path
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// `pset submit` of the slow counter as s1 against `server`, in the background, its output in files.
    final class Submitter {
        let process = Process()
        let output: URL
        let errors: URL

        init(_ client: PsetProcess, source: String) throws {
            output = client.directory.appendingPathComponent("submit-\(UUID().uuidString).out")
            errors = client.directory.appendingPathComponent("submit-\(UUID().uuidString).err")
            for file in [output, errors] where !FileManager.default.createFile(atPath: file.path, contents: nil) {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: file.path])
            }
            process.executableURL = PsetProcess.binary
            process.arguments = ["submit", "threads/counter", source]
            process.environment = client.environment
            process.currentDirectoryURL = client.directory
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = try FileHandle(forWritingTo: output)
            process.standardError = try FileHandle(forWritingTo: errors)
            try process.run()
        }

        var stdout: String { (try? String(contentsOf: output, encoding: .utf8)) ?? "" }
        var stderr: String { (try? String(contentsOf: errors, encoding: .utf8)) ?? "" }

        deinit {
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
            }
        }
    }

    /// Stops `server` as an impatient operator does: Ctrl-C, and Ctrl-C again once it says what it waits for.
    func stopAtOnce(_ server: ServerProcess) {
        server.interrupt()
        #expect(
            waitFor(10) { server.logText.contains("waiting for 1 grading in flight: s1's threads/counter attempt 1") },
            "\(server.logText)")
        #expect(server.logText.contains("Press Ctrl-C again to stop now"))
        server.interrupt()
        #expect(waitFor(30) { !server.process.isRunning }, "a second signal stops the server at once")
        #expect(server.process.terminationStatus == 0)
        #expect(server.logText.contains("stopped at once; what was being graded is back in the queue"))
    }

    @Test func aSubmitterWaitsOutRestartsAndPrintsItsFeedback() throws {
        var server = try ServerProcess(database: database, directory: folder, environment: local.environment)
        let port = server.port
        let submitter = try Submitter(local.remote(server, token: tokens["s1"]), source: slowSource)
        for restart in 1...2 {
            #expect(waitFor(60) { submitter.stderr.components(separatedBy: "grading: ").count > restart })
            stopAtOnce(server)
            #expect(waitFor(20) { submitter.stderr.contains("connection refused") })
            server = try ServerProcess(
                database: database, directory: folder, environment: local.environment, port: port)
        }
        defer { server.stop() }
        #expect(waitFor(150) { !submitter.process.isRunning }, "the submitter never finished")
        #expect(submitter.process.terminationStatus == 0, "\(submitter.stderr)")
        let stderr = submitter.stderr
        #expect(
            stderr.contains(
                "Nothing is lost: your submission is stored as attempt 1 of threads/counter; "
                    + "`pset feedback threads/counter --attempt 1` shows its feedback once it is graded."))
        #expect(stderr.contains("Reconnected to \(server.url)."))
        #expect(submitter.stdout.hasPrefix("Failed — attempt 1, 0/9"), "\(submitter.stdout)")
        // Stopped at once twice, the submission was still graded in full: the stops gave their claims back.
        let feedback = try local.remote(server, token: tokens["s1"]).run(
            "feedback", "threads/counter", "--attempt", "1", "--json")
        let result = try feedback.object()
        #expect(result["verdict"] as? String == "failed")
        #expect((result["checks"] as? [[String: Any]])?.contains { $0["name"] as? String == "grading" } == false)
        let history = try #require(
            try local.remote(server, token: tokens["s1"]).run("history", "--json").json() as? [Any])
        #expect(history.count == 1, "one submission, one attempt, however many restarts")
    }

    @Test func ctrlCInTheSubmitterSaysHowToSeeTheFeedbackLater() throws {
        let server = try ServerProcess(database: database, directory: folder, environment: local.environment)
        defer { server.stop() }
        let client = local.remote(server, token: tokens["s1"])
        let submitter = try Submitter(client, source: slowSource)
        #expect(waitFor(60) { submitter.stderr.contains("grading: ") })
        kill(submitter.process.processIdentifier, SIGINT)
        #expect(waitFor(10) { !submitter.process.isRunning })
        #expect(submitter.process.terminationStatus == 130)
        let last = submitter.stderr.split(separator: "\n").last.map(String.init)
        #expect(
            last
                == "pset: stopped waiting: your submission is stored as attempt 1 of threads/counter; "
                + "`pset feedback threads/counter --attempt 1` shows its feedback once it is graded")
        #expect(waitFor(120) { (try? client.run("feedback", "threads/counter", "--attempt", "1").status) == 0 })
    }

    @Test func loginWarnsThatANamedDatabaseOverridesIt() throws {
        let server = try ServerProcess(database: database, directory: folder, environment: local.environment)
        defer { server.stop() }
        let login = try local.run("login", server.url, "--token", tokens["s1"]!)
        #expect(login.status == 0, "\(login.stderr)")
        #expect(
            login.stderr
                == "warning: PSET_DB is set (\(database)): the student commands use that local database, not "
                + "\(server.url), until you unset it\n")
        var plain = local
        plain.environment.removeValue(forKey: "PSET_DB")
        let again = try plain.run("login", server.url, "--token", tokens["s1"]!)
        #expect(again.status == 0 && again.stderr.isEmpty)
    }
}
