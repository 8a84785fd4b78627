import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PsetCourse
import PsetModel
import PsetService
import PsetStore
import Testing

@Suite("Load", .serialized, .timeLimit(.minutes(2)))
struct LoadTests {
    static let clients = 200

    /// Sends one JSON request and returns the status and body.
    static func post(_ client: HTTPClient, _ url: String, token: String, body: some Encodable) async throws
        -> (HTTPResponseStatus, ByteBuffer)
    {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: try JSONEncoder().encode(body)))
        let response = try await client.execute(request, timeout: .seconds(30))
        return (response.status, try await response.body.collect(upTo: 1 << 20))
    }

    @Test("200 clients answer and submit at once over HTTP: every attempt stored once, no errors")
    func twoHundredClients() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pset-load-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try AppDatabase.open(path: folder.appendingPathComponent("load.sqlite").path)
        let course = try Course(bank: testBank, database: database, grader: FakeGrader())
        let people = (0..<Self.clients).map { RosterEntry(id: "s\($0)", name: "Student \($0)") }
        let tokens = try CourseAdmin(course: course).importRoster(people).created.map(\.token)
        let server = PsetServer(course: course, configuration: ServerConfiguration(port: 0, workers: 2))
        let files = [SourceFile(name: "counter.c", contents: "pthread_mutex_t m;\n")]

        let failures = try await withLiveServer(server) { port in
            var configuration = HTTPClient.Configuration()
            configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = Self.clients
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
            let base = "http://127.0.0.1:\(port)/v1/problems/week%2F"
            let failures = await withTaskGroup(of: [String].self) { group in
                for token in tokens {
                    group.addTask {
                        do {
                            let answer = try await Self.post(
                                client, base + "pick/answers", token: token, body: AnswerRequest(values: ["b"]))
                            let submission = try await Self.post(
                                client, base + "counter/submissions", token: token,
                                body: SubmissionRequest(files: files))
                            return [answer.0, submission.0].filter { $0 != .created && $0 != .accepted }
                                .map { "\($0)" }
                        } catch {
                            return ["\(error)"]
                        }
                    }
                }
                return await group.reduce([], +)
            }
            try await client.shutdown()
            let deadline = ContinuousClock.now + .seconds(60)
            while try database.queueCounts().done < Self.clients, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            return failures
        }

        #expect(failures.isEmpty)
        let answers = try database.attempts(at: "week/pick")
        let submissions = try database.attempts(at: "week/counter")
        #expect(answers.count == Self.clients && submissions.count == Self.clients)
        #expect(Set(answers.map(\.attempt.personID)).count == Self.clients)
        #expect(Set(submissions.map(\.attempt.personID)).count == Self.clients)
        #expect((answers + submissions).allSatisfy { $0.attempt.number == 1 })
        #expect(try database.queueCounts() == QueueCounts(queued: 0, running: 0, done: Self.clients))
        for submission in submissions {
            #expect(try database.gradings(of: submission.attempt.id!).count == 1)
        }
    }
}
