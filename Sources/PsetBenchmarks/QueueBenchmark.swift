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

/// `pset-bench queue`: the grading queue through the HTTP worker path: claims per second with an instant grader,
/// the time from a submission to a worker starting on it, and grading throughput with 1 and 2 `pset worker`
/// processes on real submissions.
struct QueueBenchmark: ParsableArguments {
    @Option(
        help:
            "The database: a SQLite file, or an empty PostgreSQL database as postgres://USER@HOST:PORT/DATABASE (default: a temporary SQLite file)."
    )
    var db: String?

    @Option(help: "Jobs claimed and finished by the instant workers.")
    var claims = 2000

    @Option(help: "Concurrent instant workers claiming over HTTP.")
    var workers = 8

    @Option(help: "Submissions timed from their 202 to a waiting worker's claim.")
    var latencies = 200

    @Option(help: "Real submissions graded by 1, then 2, pset worker processes.")
    var gradings = 12

    struct Figures: Encodable {
        var claims: Int
        var workers: Int
        var claimsPerSecond: Double
        var latencySameNodeP50Milliseconds: Double
        var latencySameNodeP95Milliseconds: Double
        var latencyOtherNodeP50Milliseconds: Double
        var latencyOtherNodeP95Milliseconds: Double
        var gradings: Int
        var gradedPerSecondOneWorker: Double
        var gradedPerSecondTwoWorkers: Double
        /// The CPU the worker processes and everything they ran took, in cores kept busy while they graded.
        var gradingCoresOneWorker: Double
        var gradingCoresTwoWorkers: Double
        var loadAverage: String
    }

    /// Parses the options after `queue` and prints the figures as JSON.
    static func main(_ arguments: [String]) async throws {
        try await parse(arguments).run()
    }

    func run() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pset-bench-queue-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = db ?? folder.appendingPathComponent("queue.sqlite").path
        let bank = Bank(sets: Bank.builtIn.sets + [ServiceBenchmark.queueSet])
        let course = try Course(bank: bank, database: try CourseDatabase.open(path))
        let students = try ServiceBenchmark.enrol(workers, in: course)
        let token = try CourseAdmin(course: course).addWorker(named: "bench-\(getpid())").token
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        defer { _ = client.shutdown() }

        let nodeA = try await BenchmarkNode(course: course)
        let nodeB = try await BenchmarkNode(course: try Course(bank: bank, database: try CourseDatabase.open(path)))
        let perSecond = try await claimRate(course: course, node: nodeA, token: token, client: client)
        let same = try await latency(
            submitTo: nodeA, claimFrom: nodeA, students: students, token: token, client: client)
        let other = try await latency(
            submitTo: nodeA, claimFrom: nodeB, students: students, token: token, client: client)
        await nodeA.stop()
        await nodeB.stop()

        let graded = try await gradingThroughput(folder: folder)
        let figures = Figures(
            claims: claims, workers: workers, claimsPerSecond: perSecond,
            latencySameNodeP50Milliseconds: Self.percentile(same, 0.5),
            latencySameNodeP95Milliseconds: Self.percentile(same, 0.95),
            latencyOtherNodeP50Milliseconds: Self.percentile(other, 0.5),
            latencyOtherNodeP95Milliseconds: Self.percentile(other, 0.95), gradings: gradings,
            gradedPerSecondOneWorker: graded.perSecond[0], gradedPerSecondTwoWorkers: graded.perSecond[1],
            gradingCoresOneWorker: graded.cores[0], gradingCoresTwoWorkers: graded.cores[1],
            loadAverage: (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?
                .split(separator: " ").prefix(3).joined(separator: " ") ?? "")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        print(String(decoding: try encoder.encode(figures), as: UTF8.self))
    }

    /// Queues `claims` jobs, then has the instant workers claim and finish them over HTTP; claims per second.
    func claimRate(course: Course, node: BenchmarkNode, token: String, client: HTTPClient) async throws -> Double {
        let files = [SourceFile(name: "echo.c", contents: "int main(void) { return 0; }\n")]
        for index in 0..<claims {
            _ = try course.recordSubmission("bench/echo", files: files, by: "bench-\(index % workers)", enqueue: true)
        }
        let fingerprint = course.bank.gradingFingerprint
        let start = ContinuousClock.now
        let done = try await withThrowingTaskGroup(of: Int.self) { group in
            for slot in 0..<workers {
                group.addTask {
                    var finished = 0
                    while let claim: WorkerClaim = try await Self.post(
                        client, node.url("/v1/worker/claims?wait=0"), token: token,
                        WorkerClaimRequest(bank: fingerprint, slot: "bench #\(slot)"))
                    {
                        let grading = Grading(
                            attemptID: claim.task.attempt, gradedAt: Date(), score: 1, verdict: "passed")
                        let _: WorkerJobOutcome? = try await Self.post(
                            client, node.url("/v1/worker/jobs/\(claim.lease.job)/result"), token: token,
                            WorkerResultRequest(lease: claim.lease.token, grading: grading))
                        finished += 1
                    }
                    return finished
                }
            }
            return try await group.reduce(0, +)
        }
        return Double(done) / (ContinuousClock.now - start).seconds
    }

    /// Milliseconds from each submission's 202 to a waiting worker's claim of it, submitted to one node and claimed
    /// from another (or the same), one at a time.
    func latency(
        submitTo submitting: BenchmarkNode, claimFrom claiming: BenchmarkNode, students: [String], token: String,
        client: HTTPClient
    ) async throws -> [Double] {
        let fingerprint = submitting.course.bank.gradingFingerprint
        let files = SubmissionRequest(files: [SourceFile(name: "echo.c", contents: "int main(void) { return 0; }\n")])
        var samples: [Double] = []
        for index in 0..<latencies {
            async let claimed: WorkerClaim? = Self.post(
                client, claiming.url("/v1/worker/claims?wait=20"), token: token,
                WorkerClaimRequest(bank: fingerprint, slot: "bench"))
            // The claim is waiting on the server before the submission arrives.
            try await Task.sleep(for: .milliseconds(20))
            let status: SubmissionStatus? = try await Self.post(
                client, submitting.url("/v1/problems/bench%2Fecho/submissions"),
                token: students[index % students.count],
                files)
            let acknowledged = ContinuousClock.now
            guard let claim = try await claimed, claim.task.attempt == status?.submission else {
                throw ValidationError("the waiting worker did not get the submission")
            }
            samples.append((ContinuousClock.now - acknowledged).seconds * 1000)
            let grading = Grading(attemptID: claim.task.attempt, gradedAt: Date(), score: 1, verdict: "passed")
            let _: WorkerJobOutcome? = try await Self.post(
                client, claiming.url("/v1/worker/jobs/\(claim.lease.job)/result"), token: token,
                WorkerResultRequest(lease: claim.lease.token, grading: grading))
        }
        return samples
    }

    /// Real submissions (the counter task's starter, which fails its tests) graded per second by 1, then 2,
    /// `pset worker` processes of one slot each, beside this benchmark's binary, with the cores they kept busy.
    func gradingThroughput(folder: URL) async throws -> (perSecond: [Double], cores: [Double]) {
        let course = try Course(
            bank: .builtIn, database: try AppDatabase.open(path: folder.appendingPathComponent("graded.sqlite").path))
        // The students whose submissions are graded.
        _ = try ServiceBenchmark.enrol(gradings, in: course)
        let token = try CourseAdmin(course: course).addWorker(named: "bench-grader").token
        let files = try course.starterFiles("threads/counter").filter { $0.name == "counter.c" }
        let node = try await BenchmarkNode(course: course)
        var rates: [Double] = []
        var cores: [Double] = []
        for processes in [1, 2] {
            let cpuBefore = Self.childrenCPUSeconds()
            for index in 0..<gradings {
                _ = try course.recordSubmission("threads/counter", files: files, by: "bench-\(index)", enqueue: true)
            }
            let target = try course.database.queueCounts().done + gradings
            let start = ContinuousClock.now
            let workers = try (0..<processes).map { _ in try Self.worker(node.url(""), token: token) }
            while try course.database.queueCounts().done < target {
                try await Task.sleep(for: .milliseconds(20))
            }
            let elapsed = (ContinuousClock.now - start).seconds
            rates.append(Double(gradings) / elapsed)
            for worker in workers {
                worker.terminate()
                worker.waitUntilExit()
            }
            cores.append((Self.childrenCPUSeconds() - cpuBefore) / elapsed)
        }
        await node.stop()
        return (rates, cores)
    }

    /// The user and system CPU seconds of this process's children that have ended, and of theirs.
    static func childrenCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_CHILDREN.rawValue, &usage)
        return [usage.ru_utime, usage.ru_stime].reduce(0) { $0 + Double($1.tv_sec) + Double($1.tv_usec) / 1e6 }
    }

    /// `pset worker --slots 1` against `server`, from beside this binary.
    static func worker(_ server: String, token: String) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("pset")
        process.arguments = ["worker", "--server", server, "--token", token, "--slots", "1"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// POSTs JSON and decodes the answer; `nil` for a 204.
    static func post<Value: Decodable>(
        _ client: HTTPClient, _ url: String, token: String, _ body: some Encodable
    ) async throws -> Value? {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: try ViewCoding.encoder.encode(body)))
        let response = try await client.execute(request, timeout: .seconds(60))
        let data = try await response.body.collect(upTo: 1 << 24)
        if response.status == .noContent { return nil }
        guard (200..<300).contains(response.status.code) else {
            throw ValidationError("\(url) answered \(response.status): \(String(buffer: data))")
        }
        return try ViewCoding.decoder.decode(Value.self, from: Data(data.readableBytesView))
    }

    /// The value below which `fraction` of the samples lie.
    static func percentile(_ samples: [Double], _ fraction: Double) -> Double {
        let sorted = samples.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted[min(sorted.count - 1, Int((Double(sorted.count) * fraction).rounded(.up)) - 1)]
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
