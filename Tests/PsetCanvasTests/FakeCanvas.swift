import Foundation
import HTTPTypes
import Hummingbird
import Logging
import ServiceLifecycle

/// A Canvas that implements the three documented endpoints a push uses, over loopback, and keeps every request
/// it gets so a test can check them.
actor FakeCanvas {
    /// A request as the fake received it.
    struct Received: Sendable {
        var method: String
        var path: String
        var query: String
        var authorization: String?
        var contentType: String?
        var body: String
    }

    static let token = "canvas-test-token"
    static let course = "77"

    /// Scores per assignment, keyed by SIS user id; `nil` for ungraded.
    var scores: [String: [String: Double?]]
    /// Responses `update_grades` gives before it works: status, body, `Retry-After`.
    var updateFailures: [(status: Int, body: String, retryAfter: String?)] = []
    /// How many `GET /progress` a job takes to complete, and whether it ends failed.
    var progressPolls = 2
    var jobFails = false
    /// How many submissions a page lists.
    var pageSize = 100
    /// Where the `Link` header's next page points; `nil` for the fake itself.
    var nextPageHost: String?
    private(set) var received: [Received] = []
    private var jobs: [Int: (polls: Int, assignment: String, grades: [String: Double])] = [:]

    init(scores: [String: [String: Double?]]) { self.scores = scores }

    func set(updateFailures: [(status: Int, body: String, retryAfter: String?)]) {
        self.updateFailures = updateFailures
    }
    func set(pageSize: Int) { self.pageSize = pageSize }
    func set(jobFails: Bool) { self.jobFails = jobFails }
    func set(nextPageHost: String) { self.nextPageHost = nextPageHost }

    func record(_ request: Received) { received.append(request) }

    /// Runs the fake on a free loopback port for the duration of `body`.
    func serve<Value: Sendable>(_ body: @Sendable (_ baseURL: String) async throws -> Value) async throws -> Value {
        let router = Router()
        router.middlewares.add(Recorder(canvas: self))
        router.get("api/v1/courses/:course/assignments/:assignment/submissions") { request, context in
            try await self.list(request, context: context)
        }
        router.post("api/v1/courses/:course/assignments/:assignment/submissions/update_grades") { request, context in
            try await self.update(request, context: context)
        }
        router.get("api/v1/progress/:id") { request, context in try await self.progress(request, context: context) }
        let (ports, sink) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in sink.yield(channel.localAddress?.port ?? 0) },
            logger: Logger(label: "fake-canvas"))
        let group = ServiceGroup(configuration: .init(services: [app], logger: Logger(label: "fake-canvas")))
        return try await withThrowingTaskGroup(of: Value?.self) { tasks in
            tasks.addTask {
                try await group.run()
                return nil
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw CancellationError() }
            do {
                let value = try await body("http://127.0.0.1:\(port)")
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return value
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
        }
    }

    private func authorised(_ request: Request) -> Bool {
        request.headers[.authorization] == "Bearer \(Self.token)"
    }

    private func list(_ request: Request, context: BasicRequestContext) throws -> Response {
        guard authorised(request) else {
            return Self.json(.unauthorized, #"{"errors":[{"message":"Invalid access token."}]}"#)
        }
        guard context.parameters.get("course") == Self.course,
            let assignment = context.parameters.get("assignment"), let held = scores[assignment]
        else { return Self.json(.notFound, #"{"errors":[{"message":"The specified resource does not exist."}]}"#) }
        let page = Int(request.uri.queryParameters.get("page") ?? "1") ?? 1
        let everyone = held.keys.sorted()
        let slice = everyone.dropFirst((page - 1) * pageSize).prefix(pageSize)
        let items = slice.enumerated().map { index, sis in
            let id = (page - 1) * pageSize + index + 1000
            let score = held[sis].flatMap { $0 }.map { "\($0)" } ?? "null"
            return #"{"user_id":\#(id),"score":\#(score),"user":{"id":\#(id),"sis_user_id":"\#(sis)"}}"#
        }
        var response = Self.json(.ok, "[" + items.joined(separator: ",") + "]")
        if page * pageSize < everyone.count {
            let host = nextPageHost ?? "http://\(request.head.authority ?? "127.0.0.1")"
            response.headers[HTTPField.Name("Link")!] =
                "<\(host)\(request.uri.path)?include%5B%5D=user&page=\(page + 1)&per_page=\(pageSize)>; rel=\"next\""
        }
        return response
    }

    private func update(_ request: Request, context: BasicRequestContext) async throws -> Response {
        guard authorised(request) else { return Self.json(.unauthorized, "{}") }
        if !updateFailures.isEmpty {
            let failure = updateFailures.removeFirst()
            var response = Self.json(HTTPResponse.Status(code: failure.status), failure.body)
            if let retryAfter = failure.retryAfter { response.headers[.retryAfter] = retryAfter }
            return response
        }
        guard let assignment = context.parameters.get("assignment") else { return Self.json(.notFound, "{}") }
        let body = String(buffer: try await request.body.collect(upTo: 1 << 20))
        var grades: [String: Double] = [:]
        for field in body.split(separator: "&") {
            let parts = field.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? "" }
            let prefix = "grade_data[sis_user_id:"
            let suffix = "][posted_grade]"
            guard parts.count == 2, parts[0].hasPrefix(prefix), parts[0].hasSuffix(suffix), let score = Double(parts[1])
            else { return Self.json(.badRequest, #"{"errors":[{"message":"bad grade_data"}]}"#) }
            grades[String(parts[0].dropFirst(prefix.count).dropLast(suffix.count))] = score
        }
        let id = jobs.count + 1
        jobs[id] = (progressPolls, assignment, grades)
        return Self.json(.ok, #"{"id":\#(id),"workflow_state":"queued","url":"/api/v1/progress/\#(id)"}"#)
    }

    private func progress(_ request: Request, context: BasicRequestContext) throws -> Response {
        guard authorised(request) else { return Self.json(.unauthorized, "{}") }
        guard let id = context.parameters.get("id", as: Int.self), var job = jobs[id] else {
            return Self.json(.notFound, "{}")
        }
        job.polls -= 1
        jobs[id] = job
        guard job.polls <= 0 else { return Self.json(.ok, #"{"id":\#(id),"workflow_state":"running"}"#) }
        if jobFails { return Self.json(.ok, #"{"id":\#(id),"workflow_state":"failed","message":"gradebook locked"}"#) }
        for (sis, score) in job.grades { scores[job.assignment, default: [:]][sis] = score }
        return Self.json(.ok, #"{"id":\#(id),"workflow_state":"completed"}"#)
    }

    private static func json(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// Keeps every request before it is answered.
    struct Recorder: RouterMiddleware {
        let canvas: FakeCanvas

        func handle(
            _ request: Request, context: BasicRequestContext,
            next: (Request, BasicRequestContext) async throws -> Response
        )
            async throws -> Response
        {
            var request = request
            let body = String(buffer: try await request.collectBody(upTo: 1 << 20))
            await canvas.record(
                Received(
                    method: request.method.rawValue, path: request.uri.path, query: request.uri.query ?? "",
                    authorization: request.headers[.authorization], contentType: request.headers[.contentType],
                    body: body))
            return try await next(request, context)
        }
    }
}
