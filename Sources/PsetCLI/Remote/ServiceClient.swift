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
        request.headers.add(name: "Accept", value: "application/json")
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response: HTTPClientResponse
        let bytes: ByteBuffer
        do {
            response = try await Self.http.execute(request, timeout: timeout)
            bytes = try await response.body.collect(upTo: 256 * 1024 * 1024)
        } catch {
            throw ConnectionError(server: settings.server, error)
        }
        let data = Data(bytes.readableBytesView)
        guard (200..<300).contains(response.status.code) else {
            struct Failure: Decodable {
                struct Message: Decodable { var message: String }
                var error: Message
            }
            if let failure = try? ViewCoding.decoder.decode(Failure.self, from: data) {
                throw RemoteError(failure.error.message)
            }
            if [.badGateway, .serviceUnavailable, .gatewayTimeout].contains(response.status) {
                throw ConnectionError(
                    server: settings.server, stage: .answering, reason: "it answered \(response.status)")
            }
            throw RemoteError("the server at \(settings.server) answered \(response.status)")
        }
        return data
    }

    /// The client every request goes through: a refused connection fails at once (the shared client would
    /// try again until the request's deadline, so that `pset` seemed to hang), and connecting gives up after
    /// 10 seconds.
    private static let http: HTTPClient = {
        var configuration = HTTPClient.Configuration.singletonConfiguration
        configuration.timeout.connect = .seconds(10)
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()
}
