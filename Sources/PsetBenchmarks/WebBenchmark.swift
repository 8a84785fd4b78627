import ArgumentParser
import AsyncHTTPClient
import Foundation
import GRDB
import Logging
import NIOCore
import NIOHTTP1
import PsetBank
import PsetCourse
import PsetModel
import PsetService
import PsetStore
import ServiceLifecycle

/// `pset-bench web`: the time each web page takes over loopback HTTP on a course of 500 students × 100 problems
/// × 5 attempts each, seeded into a temporary SQLite database.
struct WebBenchmark: ParsableArguments {
    @Option(help: "Students enrolled.")
    var students = 500

    @Option(help: "Attempts each student made at each problem.")
    var attempts = 5

    @Option(help: "Requests per page; the median and the slowest are reported.")
    var runs = 5

    @Option(help: "Seed this database file and keep it, instead of a temporary one; one that exists is used as it is.")
    var database: String?

    /// Parses the options after `web` and prints one line per page.
    static func main(_ arguments: [String]) async throws {
        try await parse(arguments).run()
    }

    /// The bug classes the seeded failing submissions fail with, as the grader words them.
    static let failures = [
        "lost update: final value 197, expected 800 (4 threads adding 200 times each) (schedule s1-0123456789abcdef)",
        "data race on `struct counter.value` (counter.c:21 vs counter.c:17): thread 1 writes while thread 2 reads",
        "deadlock: both threads blocked in bbuf_get", "busy waiting: the program used 0.4 s of CPU in 0.5 s",
        "child process not reaped: 1 child exited but was never waited for",
        "shared-memory segment not removed (call shmctl/semctl/msgctl with IPC_RMID)",
        "wrong output: line 2 is `pong`, expected `ping`",
    ]

    func run() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pset-bench-web-\(getpid())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let seeded = database.map { FileManager.default.fileExists(atPath: $0) } ?? false
        let path = database ?? folder.appendingPathComponent("bench.sqlite").path
        let bank = Self.bank
        let course = try Course(bank: bank, database: try AppDatabase.open(path: path))
        let admin = CourseAdmin(course: course)
        let roster =
            [RosterEntry(id: "ta", name: "Teaching Assistant", role: .ta)]
            + (0..<students).map { RosterEntry(id: "s\($0)", name: "Student \($0)", section: "S\($0 % 4)") }
        _ = try admin.importRoster(roster)
        let tokens = try Dictionary(
            uniqueKeysWithValues: ["s1", "ta"].map { ($0, try admin.rotateToken(of: $0).token) })
        if !seeded {
            let seedStart = ContinuousClock.now
            try seed(path: path, bank: bank, now: course.now)
            printError(
                "seeded \(students) students × \(bank.problems.count) problems × \(attempts) attempts in \(ContinuousClock.now - seedStart)\n"
            )
        }

        let coding = bank.problems.first { $0.codingTask != nil }!.id
        let question = bank.problems.first { $0.question?.choices.isEmpty == false }!.id
        let pages: [(name: String, path: String, role: String)] = [
            ("sign-in page", "/", ""),
            ("student page", "/", "s1"),
            ("feedback: submission", "/feedback/\(Self.encoded(coding))/\(attempts)", "s1"),
            ("feedback: answer", "/feedback/\(Self.encoded(question))/\(attempts)", "s1"),
            ("TA dashboard", "/", "ta"),
            ("TA dashboard sorted by total", "/?sort=total&order=desc", "ta"),
            ("problem: coding task", "/ta/problems/\(Self.encoded(coding))", "ta"),
            ("problem: question", "/ta/problems/\(Self.encoded(question))", "ta"),
            ("student view", "/ta/students/s1", "ta"),
        ]
        try await withServer(course: course) { client, base in
            var cookies: [String: String] = [:]
            for id in ["s1", "ta"] { cookies[id] = try await Self.signIn(client, base: base, token: tokens[id]!) }
            print(pad("page", 32) + pad("first ms", 10) + pad("median ms", 11) + "slowest ms")
            for page in pages {
                var times: [Double] = []
                for _ in 0..<(runs + 1) {
                    var request = HTTPClientRequest(url: base + page.path)
                    if let cookie = cookies[page.role] { request.headers.add(name: "Cookie", value: cookie) }
                    let start = ContinuousClock.now
                    let response = try await client.execute(request, timeout: .seconds(120))
                    let body = try await response.body.collect(upTo: 64 << 20)
                    let elapsed = ContinuousClock.now - start
                    guard response.status == .ok else {
                        throw ValidationError(
                            "\(page.path) answered \(response.status): \(String(buffer: body).prefix(300))")
                    }
                    times.append(
                        Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1e3)
                }
                let warm = times.dropFirst().sorted()
                print(
                    pad(page.name, 32) + pad(String(format: "%.1f", times[0]), 10)
                        + pad(String(format: "%.1f", warm[warm.count / 2]), 11) + String(format: "%.1f", warm.last!))
            }
        }
    }

    /// Runs the server on a free loopback port for `body`, with a client that does not follow redirects.
    func withServer(course: Course, _ body: (HTTPClient, String) async throws -> Void) async throws {
        var logger = Logger(label: "pset.bench")
        logger.logLevel = .warning
        let server = PsetServer(course: course, configuration: ServerConfiguration(port: 0, workers: 1), logger: logger)
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        let app = server.application { _, port in portSink.yield(port) }
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw ValidationError("the server did not start") }
            var configuration = HTTPClient.Configuration()
            configuration.redirectConfiguration = .disallow
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
            do {
                try await body(client, "http://127.0.0.1:\(port)")
            } catch {
                try await client.shutdown()
                await group.triggerGracefulShutdown()
                throw error
            }
            try await client.shutdown()
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    /// Signs in with a token and returns the session cookie (`name=value`).
    static func signIn(_ client: HTTPClient, base: String, token: String) async throws -> String {
        var request = HTTPClientRequest(url: base + "/login")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.body = .bytes(ByteBuffer(string: "token=\(token)"))
        let response = try await client.execute(request, timeout: .seconds(30))
        guard response.status == .seeOther,
            let cookie = response.headers["Set-Cookie"].first?.split(separator: ";").first
        else { throw ValidationError("signing in answered \(response.status)") }
        return String(cookie)
    }

    /// Writes every student's attempts and their gradings straight into the database, in one transaction.
    ///
    /// Recording 250,000 attempts one transaction each, as the service would over a term, takes far longer than
    /// the pages it is here to measure; the rows are the same.
    func seed(path: String, bank: Bank, now: Date) throws {
        let queue = try DatabaseQueue(path: path)
        var random = SystemRandomNumberGenerator()
        try queue.write { db in
            let attempt = try db.makeStatement(
                sql: """
                    INSERT INTO attempt (person_id, problem_id, number, submitted_at, response, max_score, late_seconds)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """)
            let file = try db.makeStatement(
                sql: "INSERT INTO submission_file (attempt_id, name, contents) VALUES (?, ?, ?)")
            let grading = try db.makeStatement(
                sql: "INSERT INTO grading (attempt_id, graded_at, score, verdict, details) VALUES (?, ?, ?, ?, ?)")
            for student in 0..<students {
                for problem in bank.problems {
                    for number in 1...attempts {
                        let late = Int.random(in: 0..<20, using: &random) == 0 ? 3600.0 : 0
                        let good = Int.random(in: 0..<3, using: &random) == 0
                        var response: String?
                        var details: String?
                        if let question = problem.question {
                            response = question.choices.randomElement(using: &random)?.key ?? "1"
                        } else if let task = problem.codingTask {
                            let failure = Self.failures.randomElement(using: &random)!
                            let checks = task.tests.enumerated().map { index, test in
                                let passed = good || index > 0
                                return CheckOutcome(
                                    name: test.name, passed: passed, message: passed ? "passed" : failure,
                                    hidden: test.hidden)
                            }
                            details = String(
                                decoding: try JSONEncoder().encode(["checks": checks]), as: UTF8.self)
                        }
                        try attempt.execute(arguments: [
                            "s\(student)", problem.id, number, now, response, problem.points, late,
                        ])
                        let id = db.lastInsertedRowID
                        if let task = problem.codingTask {
                            for name in task.submittedFileNames {
                                try file.execute(arguments: [id, name, Self.source])
                            }
                        }
                        let verdict =
                            problem.question != nil ? (good ? "correct" : "incorrect") : (good ? "passed" : "failed")
                        try grading.execute(arguments: [id, now, good ? problem.points : 0, verdict, details])
                    }
                }
            }
        }
        try queue.close()
    }

    static let source = """
        #include <pthread.h>
        /* A counter shared by threads. */
        static long value;
        static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
        void counter_add(long n) {
            pthread_mutex_lock(&lock);
            value += n; // "the" critical section
            pthread_mutex_unlock(&lock);
        }

        """

    /// The built-in bank with enough true-or-false questions added to make 100 problems.
    static let bank: Bank = {
        let builtIn = Bank.builtIn
        let missing = max(0, 100 - builtIn.problems.count)
        let extra = ProblemSet("bench") {
            Title("Benchmark padding")
            for index in 0..<missing {
                TrueFalse("bench/q\(index)") {
                    Title("Padding \(index)")
                    Topics(.mutexes)
                    Points(1)
                    Prompt("True?")
                    Answer(true)
                    Explanation("It is.")
                }
            }
        }
        return Bank(sets: builtIn.sets + [extra])
    }()

    static func encoded(_ id: String) -> String {
        id.replacingOccurrences(of: "/", with: "%2F")
    }
}
