import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PsetCourse

extension ServiceClient {
    /// Sends a request answered with newline-delimited JSON, and hands each line to `line` as it arrives.
    ///
    /// The request may run long (a regrade of a whole class), so it may take up to `timeout`; a connection that
    /// breaks off is a one-line error.
    func lines(
        _ method: HTTPMethod, _ path: String, body: some Encodable, accept: String,
        timeout: TimeAmount = .hours(2), line: (Data) throws -> Void
    ) async throws {
        let request = self.request(method, path, body: try ViewCoding.encoder.encode(body), accept: accept)
        let response: HTTPClientResponse
        do {
            response = try await Self.http.execute(request, timeout: timeout)
        } catch {
            throw ConnectionError(server: settings.server, error)
        }
        guard (200..<300).contains(response.status.code) else {
            let bytes = try await response.body.collect(upTo: 1024 * 1024)
            throw failure(response.status, body: Data(bytes.readableBytesView))
        }
        var pending = Data()
        var chunks = response.body.makeAsyncIterator()
        while true {
            let chunk: ByteBuffer?
            do {
                chunk = try await chunks.next()
            } catch {
                throw RemoteError("the server at \(settings.server) stopped answering: \(error)")
            }
            guard let chunk else { break }
            pending.append(contentsOf: chunk.readableBytesView)
            while let end = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let text = pending[pending.startIndex..<end]
                pending = Data(pending[(end + 1)...])
                if !text.isEmpty { try line(Data(text)) }
            }
        }
        if !pending.isEmpty { try line(pending) }
    }
}
