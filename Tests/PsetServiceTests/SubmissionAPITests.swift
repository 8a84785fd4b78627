import Foundation
import HTTPTypes
import HummingbirdTesting
import PsetCourse
import PsetModel
import PsetService
import PsetStore
import PsetTestDatabases
import Testing

@Suite("Submission routes and the grading queue", .serialized, .timeLimit(.minutes(1)))
struct SubmissionAPITests {
    let setup: TestCourse
    let server: PsetServer
    let good = SubmissionRequest(files: [SourceFile(name: "counter.c", contents: "pthread_mutex_t m; int counter;\n")])
    let path = "/v1/problems/week%2Fcounter/submissions"

    init() throws {
        setup = try TestCourse()
        server = PsetServer(course: setup.course, configuration: ServerConfiguration(port: 0, workers: 1))
    }

    /// Polls a submission until `done` holds, for at most ten seconds.
    func poll(
        _ client: some TestClientProtocol, _ id: Int64, token: String, until done: (SubmissionStatus) -> Bool
    ) async throws -> SubmissionStatus {
        let deadline = ContinuousClock.now + .seconds(10)
        while true {
            let status = try await client.call(.get, "/v1/submissions/\(id)?wait=1", token: token)
                .decode(SubmissionStatus.self)
            if done(status) || ContinuousClock.now > deadline { return status }
        }
    }

    @Test(
        "A submission is stored and queued before the 202, then graded once; hidden details stay hidden",
        arguments: StoreBackend.available)
    func storedBeforeAccepted(backend: StoreBackend) async throws {
        try await TestCourse.on(backend, workers: 1) { setup, server in
            await setup.grader.hold()
            try await server.application().test(.router) { client in
                let accepted = try await client.call(.post, path, token: setup.alice, json: good)
                #expect(accepted.status == .accepted)
                let status = try accepted.decode(SubmissionStatus.self)
                #expect(status.state != .done && status.result == nil && status.attempt == 1)
                let stored = try setup.course.database.files(of: status.submission)
                #expect(stored.map(\.contents) == [good.files[0].contents])
                let running = try await poll(client, status.submission, token: setup.alice) {
                    $0.state == .running && $0.progress == "compiling"
                }
                #expect(running.progress == "compiling")
                await setup.grader.release()
                let done = try await poll(client, status.submission, token: setup.alice) { $0.state == .done }
                let result = try #require(done.result)
                #expect(result.verdict == .passed && result.score == 10)
                #expect(result.checks.map(\.message) == ["ok", "passed"])
                #expect(
                    try await client.call(.get, "/v1/submissions/\(status.submission)", token: setup.alice).text
                        .contains("secret") == false)
                #expect(try setup.course.database.gradings(of: status.submission).count == 1)
                #expect(await setup.grader.graded == 1)
            }
        }
    }

    @Test("The queue reports how many submissions are ahead")
    func placeInQueue() async throws {
        await setup.grader.hold()
        try await server.application().test(.router) { client in
            var ids: [Int64] = []
            for token in [setup.alice, setup.bob, setup.alice] {
                ids.append(
                    try await client.call(.post, path, token: token, json: good).decode(SubmissionStatus.self)
                        .submission)
            }
            _ = try await poll(client, ids[0], token: setup.alice) { $0.state == .running }
            let third = try await client.call(.get, "/v1/submissions/\(ids[2])", token: setup.alice)
                .decode(SubmissionStatus.self)
            #expect(third.state == .queued && third.ahead == 1)
            await setup.grader.release()
            for (id, token) in zip(ids, [setup.alice, setup.bob, setup.alice]) {
                #expect(try await poll(client, id, token: token) { $0.state == .done }.result != nil)
            }
        }
    }

    @Test("A student cannot see another's submission; a TA can")
    func submissionAccess() async throws {
        try await server.application().test(.router) { client in
            let id = try await client.call(.post, path, token: setup.alice, json: good).decode(SubmissionStatus.self)
                .submission
            let bobs = try await client.call(.get, "/v1/submissions/\(id)", token: setup.bob)
            #expect(bobs.status == .notFound)
            #expect(bobs.errorMessage == "no submission \(id) of yours")
            #expect(try await client.call(.get, "/v1/submissions/\(id)", token: setup.ta).status == .ok)
            let bad = try await client.call(.get, "/v1/submissions/first", token: setup.alice)
            #expect(bad.status == .badRequest)
        }
    }

    @Test("Wrong files, a question, too many files or too large a body are refused and record nothing")
    func submissionErrors() async throws {
        let limits = ServiceLimits(maxBodyBytes: 4096, maxFiles: 1)
        let strict = PsetServer(course: setup.course, configuration: ServerConfiguration(port: 0, limits: limits))
        try await strict.application().test(.router) { client in
            let misnamed = SubmissionRequest(files: [SourceFile(name: "main.c", contents: "")])
            let wrong = try await client.call(.post, path, token: setup.alice, json: misnamed)
            #expect(wrong.status == .badRequest)
            #expect(wrong.errorMessage == "week/counter takes counter.c, not main.c; nothing was recorded")
            let question = try await client.call(
                .post, "/v1/problems/week%2Fpick/submissions", token: setup.alice, json: good)
            #expect(question.status == .badRequest)
            let two = SubmissionRequest(files: good.files + [SourceFile(name: "extra.c", contents: "")])
            let many = try await client.call(.post, path, token: setup.alice, json: two)
            #expect(many.status == .contentTooLarge)
            #expect(many.errorMessage == "a submission carries at most 1 files, not 2")
            let huge = SubmissionRequest(files: [
                SourceFile(name: "counter.c", contents: String(repeating: "x", count: 5000))
            ])
            let large = try await client.call(.post, path, token: setup.alice, json: huge)
            #expect(large.status == .contentTooLarge)
            #expect(large.errorMessage == "the request is larger than 4 KiB")
            #expect(try setup.course.database.attempts(of: "alice").isEmpty)
        }
    }
}
