import Foundation
import PsetPostgres
import PsetStore
import PsetTestDatabases
import Testing

/// Two `pset serve` nodes on one database, grading only through three `pset worker` processes: a worker is
/// killed with -9 in the middle of a job, a node is restarted and the database server is stopped for a few
/// seconds, and still every acknowledged submission is graded exactly once and nothing is lost.
///
/// The database is a PostgreSQL database of the test's own on the server `.ci/with-postgres` started (under CI
/// always), else a temporary SQLite file, which cannot be stopped.
@Suite(.serialized, .timeLimit(.minutes(5)))
final class WorkerFaultTests {
    let folder: URL
    static let students = (1...9).map { "s\($0)" }

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("pset-fault-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// The course on one database: a roster, a worker token, and the slow submission every student hands in.
    struct FaultCourse {
        let database: String
        let local: PsetProcess
        let tokens: [String: String]
        let workerToken: String
        let slowSource: String

        init(database: String, folder: URL) throws {
            self.database = database
            local = PsetProcess(database: database, directory: folder)
            let roster = WorkerFaultTests.students.map { "\($0),Student \($0),,A,student\n" }.joined()
            tokens = try local.importRoster("id,name,email,section,role\ntess,Tess,,A,ta\n" + roster)
            let added = try local.run("admin", "worker", "add", "grader1", "--json")
            #expect(added.status == 0, "\(added.stderr)")
            workerToken = try #require(try added.object()["token"] as? String)
            slowSource = try WorkerCommandTests.slowCounter(in: folder, local: local)
        }
    }

    /// A node: no grading workers of its own, and leases of two seconds, so a killed worker's job returns soon.
    func node(_ course: FaultCourse, port: Int = 0) throws -> ServerProcess {
        try ServerProcess(
            database: course.database, directory: folder, environment: course.local.environment, port: port,
            arguments: ["--workers", "0", "--lease", "2"])
    }

    /// The queue as a TA sees it through `node`.
    func queue(_ node: ServerProcess, of course: FaultCourse) -> [String: Any] {
        (try? course.local.remote(node, token: course.tokens["tess"]).run("admin", "queue", "--json").object()) ?? [:]
    }

    /// The rows `sql` selects from the PostgreSQL database, as `psql` prints them: one line each, fields apart by
    /// spaces.
    func psql(_ sql: String, on database: String) throws -> [[Substring]] {
        let psql = (ProcessInfo.processInfo.environment["PSET_TEST_PG_BIN"].map { $0 + "/" } ?? "") + "psql"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [psql, database, "-At", "-F", " ", "-c", sql]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return text.split(separator: "\n").map { $0.split(separator: " ") }
    }

    /// The infrastructure failures counted on a job, read from the database itself.
    func failures(of job: Int64, on database: String) throws -> Int? {
        if database.hasPrefix("postgres") {
            return try psql("SELECT failures FROM grading_job WHERE id = \(job)", on: database).first?.first.flatMap {
                Int($0)
            }
        }
        return try AppDatabase.open(path: database).job(job)?.failures
    }

    /// How many gradings each attempt has, read from the database itself.
    func gradingCounts(on database: String) throws -> [Int64: Int] {
        if database.hasPrefix("postgres") {
            let rows = try psql(
                "SELECT attempt.id, count(grading.id) FROM attempt LEFT JOIN grading ON grading.attempt_id = attempt.id GROUP BY attempt.id",
                on: database)
            return Dictionary(
                uniqueKeysWithValues: rows.compactMap { fields in
                    guard fields.count == 2, let id = Int64(fields[0]), let count = Int(fields[1]) else { return nil }
                    return (id, count)
                })
        }
        let store = try AppDatabase.open(path: database)
        var counts: [Int64: Int] = [:]
        for attempt in try store.attempts(at: "threads/counter") {
            counts[attempt.attempt.id!] = try store.gradings(of: attempt.attempt.id!).count
        }
        return counts
    }

    @Test func everyAcknowledgedSubmissionIsGradedExactlyOnceThroughAKilledWorkerARestartedNodeAndAStoppedDatabase()
        async throws
    {
        guard TestDatabases.postgresCasesRun else {
            return try survive(
                FaultCourse(database: folder.appendingPathComponent("course.sqlite").path, folder: folder))
        }
        try await TestDatabases.withPostgresDatabase { address in
            let url = "postgres://\(address.user)@\(address.host):\(address.port)/\(address.database)"
            try survive(FaultCourse(database: url, folder: folder), stoppingTheDatabase: TestDatabases.serverControl)
        }
    }

    /// Submits, kills a worker holding a job, restarts a node and, with `serverControl`, stops the database server
    /// for three seconds; then checks every acknowledged submission has exactly one grading.
    func survive(_ course: FaultCourse, stoppingTheDatabase serverControl: (@Sendable (String) throws -> Void)? = nil)
        throws
    {
        let nodeA = try node(course)
        var nodeB = try node(course)
        defer {
            nodeA.stop()
            nodeB.stop()
        }
        let workers = try [nodeA, nodeB, nodeA].map {
            try WorkerProcess(
                server: $0.url, token: course.workerToken, directory: folder, environment: course.local.environment)
        }
        defer { workers.forEach { $0.stop() } }
        let source = try String(contentsOfFile: course.slowSource, encoding: .utf8)
        var acknowledged: [Int64] = []
        for (index, student) in Self.students.enumerated() {
            let node = index.isMultiple(of: 2) ? nodeA : nodeB
            if let id = SubmissionPoster.submit(
                "threads/counter", files: ["counter.c": source], to: node.url, token: course.tokens[student]!)
            {
                acknowledged.append(id)
            }
        }
        #expect(acknowledged.count == Self.students.count)
        // The first worker is killed while it holds a job.
        let victim = workers[0]
        var held: Int64?
        _ = waitFor(60) {
            let jobs = queue(nodeA, of: course)["jobs"] as? [[String: Any]] ?? []
            held = jobs.first {
                $0["state"] as? String == "running" && ($0["worker"] as? String)?.contains("pid \(victim.pid) ") == true
            }.flatMap { ($0["job"] as? NSNumber)?.int64Value }
            return held != nil
        }
        let killedJob = try #require(held, "the first worker was never seen grading")
        victim.crash()
        // Node B stops and starts again on its port; its worker outlasts it.
        let port = nodeB.port
        nodeB.stop()
        nodeB = try node(course, port: port)
        // The database goes away for a few seconds while jobs are in flight: the nodes answer with errors, the
        // workers keep their gradings and try again, and leases that ran out meanwhile are fenced.
        if let serverControl {
            let before = queue(nodeA, of: course)
            #expect(
                (before["done"] as? Int ?? 0) < acknowledged.count, "the database stops while jobs remain: \(before)")
            try serverControl("stop")
            Thread.sleep(forTimeInterval: 3)
            try serverControl("start")
        }
        let settled = waitFor(180) {
            let counts = queue(nodeA, of: course)
            return counts["done"] as? Int == acknowledged.count && counts["running"] as? Int == 0
        }
        let counts = queue(nodeA, of: course)
        #expect(settled, "the queue never settled: \(counts)")
        #expect(counts["queued"] as? Int == 0 && counts["failed"] as? Int == 0, "\(counts)")
        let gradings = try gradingCounts(on: course.database)
        #expect(Set(gradings.keys) == Set(acknowledged), "every acknowledged submission, and only those, is stored")
        #expect(gradings.values.allSatisfy { $0 == 1 }, "one grading per attempt: \(gradings)")
        // The killed worker's job was taken over when its lease expired, which counts as a failure (and, on
        // PostgreSQL, a lease that ran out while the server was stopped counts too), and was graded once.
        let failures = try #require(try failures(of: killedJob, on: course.database))
        #expect(serverControl == nil ? failures == 1 : (1...2).contains(failures))
        let survivors = workers.dropFirst().map(\.logText).joined()
        #expect(survivors.contains("graded job"), "\(survivors)")
    }
}
