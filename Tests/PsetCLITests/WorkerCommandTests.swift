import Foundation
import Testing

/// `pset worker` end to end with the real binary on loopback: a `pset serve` that grades nothing itself, and a
/// grading host that claims its jobs over HTTP with a worker token.
@Suite(.serialized, .timeLimit(.minutes(5)))
final class WorkerCommandTests {
    let folder: URL
    let database: String
    let local: PsetProcess
    let tokens: [String: String]
    let workerToken: String
    /// A counter that sleeps 300 ms in every run: its grading lasts a few seconds.
    let slowSource: String

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("pset-worker-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        database = folder.appendingPathComponent("course.sqlite").path
        local = PsetProcess(database: database, directory: folder)
        tokens = try local.importRoster("id,name,email,section,role\ntess,Tess,,A,ta\ns1,Sam,,A,student\n")
        let added = try local.run("admin", "worker", "add", "grader1", "--json")
        #expect(added.status == 0, "\(added.stderr)")
        workerToken = try #require(try added.object()["token"] as? String)
        slowSource = try Self.slowCounter(in: folder, local: local)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// Writes the counter task's starter, made to sleep 300 ms in every run, and returns its path.
    static func slowCounter(in folder: URL, local: PsetProcess) throws -> String {
        let work = folder.appendingPathComponent("slow")
        #expect(try local.run("start", "threads/counter", work.path).status == 0)
        let source = work.appendingPathComponent("counter.c")
        let starter = try String(contentsOf: source, encoding: .utf8)
        let slow =
            "#include <unistd.h>\n"
            + starter.replacingOccurrences(
                of: "counter_t *c = malloc(sizeof *c);", with: "usleep(300000);\n    counter_t *c = malloc(sizeof *c);")
        #expect(slow != "#include <unistd.h>\n" + starter)
        try slow.write(to: source, atomically: true, encoding: .utf8)
        return source.path
    }

    func server() throws -> ServerProcess {
        try ServerProcess(
            database: database, directory: folder, environment: local.environment, arguments: ["--workers", "0"])
    }

    @Test func aWorkerGradesWhatTheServerQueuesAndTheStudentSeesTheResult() throws {
        let server = try server()
        defer { server.stop() }
        let worker = try WorkerProcess(
            server: server.url, token: workerToken, directory: folder, environment: local.environment)
        defer { worker.stop() }
        let submitted = try local.remote(server, token: tokens["s1"]).run(
            "submit", "threads/counter", slowSource, "--json")
        #expect(submitted.status == 0, "\(submitted.stderr)")
        #expect(try submitted.object()["verdict"] as? String == "failed")
        #expect(worker.logText.contains("graded job 1 (threads/counter): failed"), "\(worker.logText)")
        #expect(server.logText.contains("with 0 grading worker(s)"))
        let listed = try local.remote(server, token: tokens["tess"]).run("admin", "worker", "list", "--json")
        #expect((try listed.json() as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["grader1"])
    }

    @Test func aStoppedWorkerSendsTheGradingInFlightFirst() throws {
        let server = try server()
        defer { server.stop() }
        let worker = try WorkerProcess(
            server: server.url, token: workerToken, directory: folder, environment: local.environment)
        let ta = local.remote(server, token: tokens["tess"])
        #expect(
            SubmissionPoster.submit(
                "threads/counter", files: ["counter.c": try String(contentsOfFile: slowSource, encoding: .utf8)],
                to: server.url, token: tokens["s1"]!) != nil)
        #expect(waitFor(60) { ((try? ta.run("admin", "queue", "--json").object())?["running"] as? Int) == 1 })
        worker.stop()
        #expect(worker.process.terminationStatus == 0, "\(worker.logText)")
        #expect(worker.logText.contains("stopping; sending the gradings in flight first"), "\(worker.logText)")
        #expect(worker.logText.contains("graded job 1"), "\(worker.logText)")
        let queue = try ta.run("admin", "queue", "--json").object()
        #expect(queue["done"] as? Int == 1 && queue["running"] as? Int == 0, "\(queue)")
    }

    @Test func anIdleWorkerStopsAtOnceAndTakesNoJobWithIt() throws {
        let server = try server()
        defer { server.stop() }
        let worker = try WorkerProcess(
            server: server.url, token: workerToken, slots: 2, directory: folder, environment: local.environment)
        // Both slots are waiting on the server for a job.
        Thread.sleep(forTimeInterval: 1)
        let stopping = Date()
        worker.stop()
        #expect(Date().timeIntervalSince(stopping) < 10, "its waiting claims were not ended")
        #expect(worker.process.terminationStatus == 0, "\(worker.logText)")
        #expect(
            SubmissionPoster.submit(
                "threads/counter", files: ["counter.c": try String(contentsOfFile: slowSource, encoding: .utf8)],
                to: server.url, token: tokens["s1"]!) != nil)
        Thread.sleep(forTimeInterval: 0.5)
        let queue = try local.remote(server, token: tokens["tess"]).run("admin", "queue", "--json").object()
        #expect(queue["queued"] as? Int == 1 && queue["running"] as? Int == 0, "\(queue)")
    }

    @Test func aRevokedWorkerTokenStopsTheWorkerWithOneLine() throws {
        let server = try server()
        defer { server.stop() }
        let revoked = try local.remote(server, token: tokens["tess"]).run("admin", "worker", "revoke", "grader1")
        #expect(revoked.status == 0 && revoked.stdout.contains("Revoked grader1's worker token."), "\(revoked)")
        // The token comes from the environment here, as on a host where the process list is not private.
        let worker = try WorkerProcess(
            server: server.url, token: workerToken, tokenInEnvironment: true, directory: folder,
            environment: local.environment)
        #expect(waitFor(20) { !worker.process.isRunning })
        #expect(worker.process.terminationStatus == 1)
        let last = worker.logText.split(separator: "\n").last.map(String.init) ?? ""
        #expect(last.hasPrefix("pset: this is not a worker token"), "\(worker.logText)")
    }

    @Test func anUnreachableServerIsSaidOnceAndOutlasted() throws {
        let port = try server().port  // a port that was free a moment ago; the server is gone again
        let worker = try WorkerProcess(
            server: "http://127.0.0.1:\(port)", token: workerToken, directory: folder, environment: local.environment)
        defer { worker.stop() }
        #expect(waitFor(20) { worker.logText.contains("cannot reach the server at http://127.0.0.1:\(port)") })
        let server = try ServerProcess(
            database: database, directory: folder, environment: local.environment, port: port,
            arguments: ["--workers", "0"])
        defer { server.stop() }
        #expect(waitFor(30) { worker.logText.contains("reached http://127.0.0.1:\(port) again") }, "\(worker.logText)")
        #expect(worker.logText.components(separatedBy: "cannot reach").count == 2, "said once: \(worker.logText)")
    }
}
