import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix

/// A request that got no answer from the server, in words: the server could not be reached, or the connection
/// was lost before it answered.
struct ConnectionError: Error, CustomStringConvertible {
    /// How far the request got.
    enum Stage: Sendable {
        /// No connection was made, so the server never saw the request.
        case connecting
        /// The request may have reached the server, but no answer came back.
        case answering
    }

    var server: String
    var stage: Stage
    /// Why, such as "connection refused".
    var reason: String

    init(server: String, stage: Stage, reason: String) {
        self.server = server
        self.stage = stage
        self.reason = reason
    }

    /// The readable form of an error from the HTTP client.
    init(server: String, _ error: any Error) {
        self.server = server
        (stage, reason) = Self.explain(error)
    }

    var description: String {
        switch stage {
        case .connecting: "cannot reach the server at \(server): \(reason)"
        case .answering: "lost the connection to the server at \(server): \(reason)"
        }
    }

    private static func explain(_ error: any Error) -> (Stage, String) {
        if let error = error as? NIOConnectionError {
            if let failure = error.connectionErrors.first { return explain(failure.error) }
            if error.dnsAError != nil || error.dnsAAAAError != nil {
                return (.connecting, "cannot find the host \(error.host)")
            }
            return (.connecting, "no address to connect to for \(error.host)")
        }
        if let error = error as? IOError {
            let reason = String(cString: strerror(error.errnoCode)).lowercased()
            let connecting = [ECONNREFUSED, ENETUNREACH, EHOSTUNREACH, EADDRNOTAVAIL].contains(error.errnoCode)
            return (connecting ? .connecting : .answering, reason)
        }
        if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout: return (.connecting, "no connection within 10 seconds")
            case .invalidURL, .emptyHost, .emptyScheme: return (.connecting, "that is not a server URL")
            case .remoteConnectionClosed: return (.answering, "the server closed the connection")
            case .readTimeout, .deadlineExceeded: return (.answering, "no answer in time")
            default: return (.answering, "\(error)")
            }
        }
        if let error = error as? ChannelError {
            switch error {
            case .connectTimeout: return (.connecting, "no connection within 10 seconds")
            case .ioOnClosedChannel, .eof, .outputClosed, .alreadyClosed:
                return (.answering, "the server closed the connection")
            default: return (.answering, "\(error)")
            }
        }
        return (.answering, "\(error)")
    }
}
