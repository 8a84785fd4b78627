import ArgumentParser
import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import PsetBank
import PsetCourse
import PsetModel
import PsetPostgres
import PsetService
import PsetStore
import ServiceLifecycle

/// `pset-bench serve`: answers per second over HTTP on loopback, and coding submissions drained per second
/// from a full queue.
struct ServiceBenchmark: ParsableArguments {

    @Option(help: "Concurrent HTTP clients, each a different student.")
    var clients = 64

    @Option(help: "Seconds to send answers for.")
    var seconds = 10.0

    @Option(help: "Coding submissions queued before the workers start.")
    var submissions = 2000

    @Option(help: "Grading workers (default: one per core).")
    var workers = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "An empty PostgreSQL database to run on, as postgres://USER@HOST:PORT/DATABASE (default: SQLite).")
    var db: String?

    struct Figures: Encodable {
        var clients: Int
        var answers: Int
        var answerErrors: Int
        var answersPerSecond: Double
        var submissions: Int
        var workers: Int
        var drainedPerSecond: Double
    }

    /// Parses the options after `serve` and prints the figures as JSON.
    static func main(_ arguments: [String]) async throws {
        try await parse(arguments).run()
    }

    func run() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pset-bench-\(getpid())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try CourseDatabase.open(db ?? folder.appendingPathComponent("bench.sqlite").path)
        let bank = Bank(sets: Bank.builtIn.sets + [Self.queueSet])
        let course = try Course(bank: bank, database: database, grader: InstantGrader())
        let tokens = try Self.enrol(clients, in: course)
        guard let question = bank.problems.first(where: { $0.question != nil }) else {
            throw ValidationError("the bank has no question to answer")
        }
        let value = question.question!.choices.first?.key ?? "1"

        let (answers, errors, elapsed) = try await answerLoad(
            course: course, tokens: tokens, question: question.id, value: value)
        let drained = try await drain(course: course)
        let figures = Figures(
            clients: clients, answers: answers, answerErrors: errors, answersPerSecond: Double(answers) / elapsed,
            submissions: submissions, workers: workers, drainedPerSecond: drained)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        print(String(decoding: try encoder.encode(figures), as: UTF8.self))
    }

    /// Runs the server on a free loopback port and has every client answer in a loop for the given time.
    func answerLoad(course: Course, tokens: [String], question: String, value: String) async throws -> (
        Int, Int, Double
    ) {
        let node = try await BenchmarkNode(course: course, workers: 1)
        let url = node.url("/v1/problems/" + question.replacingOccurrences(of: "/", with: "%2F") + "/answers")
        let body = try JSONEncoder().encode(AnswerRequest(values: [value]))
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = tokens.count
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let start = ContinuousClock.now
        let deadline = start + .milliseconds(Int(seconds * 1000))
        let counts = try await withThrowingTaskGroup(of: (Int, Int).self) { clients in
            for token in tokens {
                clients.addTask {
                    var ok = 0
                    var failed = 0
                    while ContinuousClock.now < deadline {
                        var request = HTTPClientRequest(url: url)
                        request.method = .POST
                        request.headers.add(name: "Authorization", value: "Bearer \(token)")
                        request.headers.add(name: "Content-Type", value: "application/json")
                        request.body = .bytes(ByteBuffer(bytes: body))
                        let response = try await client.execute(request, timeout: .seconds(30))
                        _ = try await response.body.collect(upTo: 1 << 20)
                        if response.status == .created { ok += 1 } else { failed += 1 }
                    }
                    return (ok, failed)
                }
            }
            return try await clients.reduce((0, 0)) { ($0.0 + $1.0, $0.1 + $1.1) }
        }
        let elapsed = ContinuousClock.now - start
        try await client.shutdown()
        await node.stop()
        return (counts.0, counts.1, elapsed.seconds)
    }

    /// Queues the submissions, then starts the workers and times them until the queue is empty.
    ///
    /// The course's grader passes every submission at once, so this measures the queue itself: claiming,
    /// loading the files and recording each grading with its job, one transaction per step.
    func drain(course: Course) async throws -> Double {
        let files = [SourceFile(name: "echo.c", contents: "int main(void) { return 0; }\n")]
        for index in 0..<submissions {
            _ = try course.recordSubmission("bench/echo", files: files, by: "bench-\(index % clients)", enqueue: true)
        }
        var logger = Logger(label: "pset.bench")
        logger.logLevel = .warning
        let queue = GradingQueue(course: course, workers: workers, events: QueueEvents(), logger: logger)
        let group = ServiceGroup(configuration: .init(services: [queue], logger: logger))
        let start = ContinuousClock.now
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            while try course.database.queueCounts().done < submissions {
                try await Task.sleep(for: .milliseconds(5))
            }
            let elapsed = ContinuousClock.now - start
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            return Double(submissions) / seconds
        }
    }

    /// Adds one student per client, each with a token.
    static func enrol(_ count: Int, in course: Course) throws -> [String] {
        let admin = CourseAdmin(course: course)
        let people = (0..<count).map { RosterEntry(id: "bench-\($0)", name: "Student \($0)") }
        return try admin.importRoster(people).created.map(\.token)
    }

    /// A coding task of the benchmark's own, so the queue can be measured whatever tasks the bank holds.
    static let queueSet = ProblemSet("bench") {
        Title("Benchmark")
        CodingProblem("bench/echo") {
            Title("Echo")
            Topics(.pipes)
            Points(1)
            Prompt("Return 0.")
            Starter("echo.c", "int main(void) { return 0; }\n")
            Reference("echo.c", "int main(void) { return 0; }\n")
            Concurrency(.processes)
            TestCase("exits", points: 1)
        }
    }
}

/// A grader that passes every submission at once: what is measured is everything around grading.
struct InstantGrader: SubmissionGrading {
    func grade(
        _ problem: Problem, files: [SourceFile], seed: String?, progress: @escaping @Sendable (String) -> Void
    ) async -> GradingOutcome {
        GradingOutcome(
            score: problem.points, verdict: .passed,
            checks: [CheckOutcome(name: "instant", passed: true, message: "passed at once")])
    }
}
