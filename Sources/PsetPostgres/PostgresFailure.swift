import Foundation
import NIOCore
import NIOPosix
import PostgresNIO

/// What went wrong talking to PostgreSQL, in the words a one-line error can carry.
enum PostgresFailure {
    /// The server's message for an error it sent, or what broke on the way to it; never the query's parameters.
    static func reason(of error: any Error) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        if let message = error.serverInfo?[.message] { return message }
        if let underlying = error.underlying { return shortDescription(of: underlying) }
        return "\(error.code)"
    }

    /// The SQLSTATE of an error the server sent, such as 23505 for a unique violation.
    static func sqlState(of error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }

    /// Whether the error left the connection unusable: it closed, or never opened.
    static func isConnectionLost(_ error: any Error) -> Bool {
        guard let error = error as? PSQLError else { return false }
        return [.serverClosedConnection, .clientClosedConnection, .connectionError, .uncleanShutdown]
            .contains(error.code)
    }

    /// NIO's connection errors list every address tried; the last one's system error says why, in a few words.
    private static func shortDescription(of error: any Error) -> String {
        if let error = error as? NIOConnectionError {
            if let last = error.connectionErrors.last { return shortDescription(of: last.error) }
            if let lookup = error.dnsAError ?? error.dnsAAAAError { return "cannot look up the host: \(lookup)" }
        }
        if let error = error as? IOError { return String(cString: strerror(error.errnoCode)).lowercased() }
        return "\(error)"
    }
}
