import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore

/// A response as the tests look at it: the status, headers and decoded body.
struct APIResponse {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var body: Data

    /// The body decoded as the server encodes it.
    func decode<Value: Decodable>(_ type: Value.Type) throws -> Value {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(Value.self, from: body)
    }

    /// The message of a JSON error body, or `nil` when the body is not one.
    var errorMessage: String? {
        struct Failure: Decodable {
            struct Message: Decodable { var message: String }
            var error: Message
        }
        return (try? JSONDecoder().decode(Failure.self, from: body))?.error.message
    }

    var text: String { String(decoding: body, as: UTF8.self) }
}

extension TestClientProtocol {
    /// Sends a request with an optional bearer token and no body.
    func call(_ method: HTTPRequest.Method, _ uri: String, token: String? = nil) async throws -> APIResponse {
        try await send(method, uri, token: token, body: nil)
    }

    /// Sends a request with a JSON body.
    func call(_ method: HTTPRequest.Method, _ uri: String, token: String?, json: some Encodable) async throws
        -> APIResponse
    {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        return try await send(method, uri, token: token, body: ByteBuffer(bytes: try encoder.encode(json)))
    }

    /// Sends a request with a body given as text, such as malformed JSON.
    func call(_ method: HTTPRequest.Method, _ uri: String, token: String?, raw: String) async throws -> APIResponse {
        try await send(method, uri, token: token, body: ByteBuffer(string: raw))
    }

    private func send(_ method: HTTPRequest.Method, _ uri: String, token: String?, body: ByteBuffer?) async throws
        -> APIResponse
    {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        if body != nil { headers[.contentType] = "application/json" }
        return try await execute(uri: uri, method: method, headers: headers, body: body) { response in
            APIResponse(status: response.status, headers: response.headers, body: Data(response.body.readableBytesView))
        }
    }
}
