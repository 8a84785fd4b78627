import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PsetCourse

/// Talks JSON to a `pset serve` with the user's bearer token; the server's error messages become errors.
struct ServiceClient: Sendable {
    let settings: ServerSettings

    /// A path segment with everything but unreserved characters escaped, so `ipc/pipes` stays one segment.
    static func segment(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    func get<Value: Decodable>(
        _ path: String, query: [String: String] = [:], timeout: TimeAmount = .seconds(600)
    ) async throws -> Value {
        try ViewCoding.decoder.decode(Value.self, from: try await send(.GET, path, query: query, timeout: timeout))
    }

    func send<Value: Decodable>(
        _ method: HTTPMethod, _ path: String, body: some Encodable, query: [String: String] = [:]
    ) async throws -> Value {
        let data = try ViewCoding.encoder.encode(body)
        return try ViewCoding.decoder.decode(Value.self, from: try await send(method, path, query: query, body: data))
    }

    /// Sends a request and returns the body of a 2xx response; anything else throws the server's message.
    func send(
        _ method: HTTPMethod, _ path: String, query: [String: String] = [:], body: Data? = nil,
        timeout: TimeAmount = .seconds(600)
    ) async throws -> Data {
        let request = self.request(method, path, query: query, body: body)
        let response: HTTPClientResponse
        let bytes: ByteBuffer
        do {
            response = try await Self.http.execute(request, timeout: timeout)
            bytes = try await response.body.collect(upTo: 256 * 1024 * 1024)
        } catch {
            throw ConnectionError(server: settings.server, error)
        }
        let data = Data(bytes.readableBytesView)
        guard (200..<300).contains(response.status.code) else { throw failure(response.status, body: data) }
        return data
    }

    /// A request to the server with the token, asking for `accept`.
    func request(
        _ method: HTTPMethod, _ path: String, query: [String: String] = [:], body: Data? = nil,
        accept: String = "application/json"
    ) -> HTTPClientRequest {
        var base = settings.server
        while base.hasSuffix("/") { base.removeLast() }
        var url = base + path
        if !query.isEmpty {
            url +=
                "?"
                + query.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.segment($0.value))" }.joined(separator: "&")
        }
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(settings.token)")
        request.headers.add(name: "Accept", value: accept)
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        return request
    }

    /// The error a response other than 2xx stands for: the server's own message when it sent one; a proxy's
    /// 502, 503 or 504 is the server being away, which a waiting client outlasts.
    func failure(_ status: HTTPResponseStatus, body data: Data) -> any Error {
        struct Failure: Decodable {
            struct Message: Decodable { var message: String }
            var error: Message
        }
        if let failure = try? ViewCoding.decoder.decode(Failure.self, from: data) {
            return RemoteError(failure.error.message)
        }
        if [.badGateway, .serviceUnavailable, .gatewayTimeout].contains(status) {
            return ConnectionError(server: settings.server, stage: .answering, reason: "it answered \(status)")
        }
        return RemoteError("the server at \(settings.server) answered \(status)")
    }

    /// The client every request goes through: a refused connection fails at once (the shared client would
    /// try again until the request's deadline, so that `pset` seemed to hang), and connecting gives up after
    /// 10 seconds.
    static let http: HTTPClient = {
        var configuration = HTTPClient.Configuration.singletonConfiguration
        configuration.timeout.connect = .seconds(10)
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()
}
