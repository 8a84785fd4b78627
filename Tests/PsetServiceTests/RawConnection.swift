import Foundation

/// A plain TCP connection to a loopback port, for sending what no HTTP client would (half a request, nothing).
///
/// Its blocking calls run on a queue of their own, never on the threads the server's tasks need.
final class RawConnection: @unchecked Sendable {
    private let descriptor: Int32
    private let queue = DispatchQueue(label: "raw-connection")

    /// How long a read waits for a byte before the test gives up on the server.
    static let readTimeout = 15

    init(port: Int) async throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw POSIXError(.EMFILE) }
        var timeout = timeval(tv_sec: Self.readTimeout, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(descriptor)
            throw POSIXError(.ECONNREFUSED)
        }
    }

    deinit { close(descriptor) }

    func send(_ text: String) async throws {
        let bytes = Array(text.utf8)
        let sent = await onQueue { write(self.descriptor, bytes, bytes.count) }
        guard sent == bytes.count else { throw POSIXError(.EPIPE) }
    }

    /// Everything the server sends until it closes the connection; throws if it is still open after the read
    /// timeout.
    func readUntilClosed() async throws -> String {
        var received: [UInt8] = []
        while true {
            let chunk = try await readChunk()
            if chunk.isEmpty { return String(decoding: received, as: UTF8.self) }
            received += chunk
        }
    }

    /// The response's status line and headers, up to the blank line.
    func readResponseHead() async throws -> String {
        var received: [UInt8] = []
        while !String(decoding: received, as: UTF8.self).contains("\r\n\r\n") {
            let chunk = try await readChunk()
            if chunk.isEmpty { break }
            received += chunk
        }
        return String(decoding: received, as: UTF8.self)
    }

    private func readChunk() async throws -> [UInt8] {
        let (count, bytes) = await onQueue {
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = read(self.descriptor, &buffer, buffer.count)
            return (count, Array(buffer.prefix(max(0, count))))
        }
        guard count >= 0 else { throw POSIXError(.ETIMEDOUT) }
        return bytes
    }

    private func onQueue<Value: Sendable>(_ work: @escaping @Sendable () -> Value) async -> Value {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: work()) }
        }
    }
}
