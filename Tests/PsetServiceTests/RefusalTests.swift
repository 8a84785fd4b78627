import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PsetCourse
import PsetModel
import PsetService
import PsetStore
import Testing

/// Bad requests are refused with a clear message before anything is recorded.
@Suite("Refusals", .serialized, .timeLimit(.minutes(1)))
struct RefusalTests {
    let setup: TestCourse
    let server: PsetServer
    let submissions = "/v1/problems/week%2Fcounter/submissions"
    let files = [SourceFile(name: "counter.c", contents: "pthread_mutex_t m;\n")]

    init() throws {
        setup = try TestCourse()
        server = PsetServer(course: setup.course, configuration: ServerConfiguration(port: 0, workers: 1))
    }

    @Test("A seed that is not one is a 400, and the submission is not recorded")
    func invalidSeed() async throws {
        try await server.application().test(.router) { client in
            for seed in ["s1-zz", "", "s1-00000000000000000", "seed-42"] {
                let response = try await client.call(
                    .post, submissions, token: setup.alice, json: SubmissionRequest(files: files, seed: seed))
                #expect(response.status == .badRequest)
                #expect(response.errorMessage?.contains("is not a schedule seed") == true)
            }
            #expect(try setup.course.database.attempts(of: "alice").isEmpty)
            #expect(try setup.course.database.queueCounts() == QueueCounts(queued: 0, running: 0, done: 0))
            let replay = try await client.call(
                .post, submissions, token: setup.alice,
                json: SubmissionRequest(files: files, seed: "s1-00000000deadbeef"))
            #expect(replay.status == .accepted)
        }
    }

    @Test("A roster with an empty, blank, padded or repeated id is a 400 and imports nobody")
    func badRoster() async throws {
        let before = try setup.course.database.people().count
        try await server.application().test(.router) { client in
            let cases: [(RosterEntry, String)] = [
                (RosterEntry(id: "", name: "Nobody"), "person 2: the id is empty"),
                (RosterEntry(id: "   ", name: "Blank"), "person 2: the id is empty"),
                (RosterEntry(id: " carol", name: "Carol"), "person 2: the id has white space around it"),
                (RosterEntry(id: "car\nol", name: "Carol"), "person 2: the id has white space around it"),
                (RosterEntry(id: "dave", name: "Dave again"), "person 2: dave appears twice"),
                (RosterEntry(id: String(repeating: "x", count: 129), name: "Long"), "person 2: the id is longer"),
            ]
            for (bad, message) in cases {
                let people = [RosterEntry(id: "dave", name: "Dave"), bad, RosterEntry(id: "erin", name: "Erin")]
                let response = try await client.call(
                    .post, "/v1/admin/roster", token: setup.ta, json: RosterImportRequest(people: people))
                #expect(response.status == .badRequest, "\(bad.id)")
                #expect(response.errorMessage?.hasPrefix(message) == true, "\(response.errorMessage ?? "")")
            }
            #expect(try setup.course.database.people().count == before)
            let good = try await client.call(
                .post, "/v1/admin/roster", token: setup.ta,
                json: RosterImportRequest(people: [RosterEntry(id: "dave", name: "Dave")]))
            #expect(good.status == .ok)
            #expect(try setup.course.database.people().count == before + 1)
        }
    }

    @Test("A body of another type, or undeclared and not JSON, is a 415; declared JSON that is broken a 400")
    func notJSON() async throws {
        try await server.application().test(.router) { client in
            let path = "/v1/problems/week%2Ftwice/answers"
            func post(_ body: String, contentType: String?) async throws -> APIResponse {
                var headers: HTTPFields = [.authorization: "Bearer \(setup.alice)"]
                if let contentType { headers[.contentType] = contentType }
                return try await client.execute(
                    uri: path, method: .post, headers: headers, body: ByteBuffer(string: body)
                ) { response in
                    APIResponse(
                        status: response.status, headers: response.headers, body: Data(response.body.readableBytesView))
                }
            }
            let form = try await post("values=true", contentType: "application/x-www-form-urlencoded")
            #expect(form.status == .unsupportedMediaType)
            #expect(form.errorMessage?.hasPrefix("the request body must be JSON") == true)
            let csv = try await post("{\"values\": [\"true\"]}", contentType: "text/csv")
            #expect(csv.status == .unsupportedMediaType)
            let undeclared = try await post("values=true", contentType: nil)
            #expect(undeclared.status == .unsupportedMediaType)
            #expect(undeclared.errorMessage?.hasPrefix("the request body is not JSON") == true)
            let broken = try await post("{\"values\": ", contentType: "application/json; charset=utf-8")
            #expect(broken.status == .badRequest)
            #expect(try setup.course.database.attempts(of: "alice").isEmpty)
            let plain = try await post("{\"values\": [\"true\"]}", contentType: nil)
            #expect(plain.status == .created)
            let family = try await post("{\"values\": [\"true\"]}", contentType: "application/vnd.pset+json")
            #expect(family.status == .created)
        }
    }

    @Test("A method a path does not take is a 405 naming those it does; an unknown path stays a 404")
    func wrongMethod() async throws {
        try await server.application().test(.router) { client in
            let delete = try await client.call(.delete, "/v1/problems/week%2Fpick", token: setup.alice)
            #expect(delete.status == .methodNotAllowed)
            #expect(delete.headers[.allow] == "GET")
            #expect(delete.errorMessage == "DELETE is not a method of /v1/problems/week%2Fpick; it takes GET")
            let tokens = try await client.call(.get, "/v1/admin/tokens/bob", token: setup.ta)
            #expect(tokens.status == .methodNotAllowed)
            #expect(tokens.headers[.allow] == "DELETE, POST")
            let health = try await client.call(.post, "/health")
            #expect(health.status == .methodNotAllowed)
            let nowhere = try await client.call(.delete, "/v1/nowhere", token: setup.alice)
            #expect(nowhere.status == .notFound)
            #expect(try await client.call(.get, "/v1/problems/week%2Fpick", token: setup.alice).status == .ok)
        }
    }

    @Test("A text answer longer than the cap is a 400 with its length, and spends no attempt")
    func longAnswer() async throws {
        try await server.application().test(.router) { client in
            let long = String(repeating: "shmctl(", count: 10_000)
            let response = try await client.call(
                .post, "/v1/problems/week%2Fpick/answers", token: setup.alice, json: AnswerRequest(values: [long]))
            #expect(response.status == .badRequest)
            #expect(
                response.errorMessage
                    == "not an answer to week/pick: the answer is 70000 characters long; an answer has at most 1000; nothing was recorded"
            )
            #expect(try setup.course.database.attempts(of: "alice").isEmpty)
        }
    }

    @Test("A silent connection, unfinished headers and a stalled body are cut off")
    func timeouts() async throws {
        var limits = ServiceLimits()
        limits.idleTimeout = .seconds(1)
        limits.bodyTimeout = .seconds(1)
        let quick = PsetServer(course: setup.course, configuration: ServerConfiguration(port: 0, limits: limits))
        try await withLiveServer(quick) { port in
            let silent = try await RawConnection(port: port)
            #expect(try await silent.readUntilClosed() == "")
            let unfinished = try await RawConnection(port: port)
            try await unfinished.send("GET /health HTTP/1.1\r\nHost: localhost\r\n")
            #expect(try await unfinished.readUntilClosed() == "")
            let kept = try await RawConnection(port: port)
            try await kept.send("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n")
            let answered = try await kept.readUntilClosed()
            #expect(answered.hasPrefix("HTTP/1.1 200"), "\(answered)")
        }
        limits.idleTimeout = .seconds(10)
        let patient = PsetServer(course: setup.course, configuration: ServerConfiguration(port: 0, limits: limits))
        try await withLiveServer(patient) { port in
            let stalled = try await RawConnection(port: port)
            try await stalled.send(
                "POST /v1/problems/week%2Ftwice/answers HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer \(setup.alice)\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100\r\n\r\n{\"values\": ")
            let response = try await stalled.readResponseHead()
            #expect(response.hasPrefix("HTTP/1.1 408"), "\(response)")
        }
        #expect(try setup.course.database.attempts(of: "alice").isEmpty)
    }
}
