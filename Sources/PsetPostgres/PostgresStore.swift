import Foundation
import Logging
import NIOCore
import PostgresNIO
import PsetStore

/// The course's database on PostgreSQL: the same operations and meaning as SQLite's `AppDatabase`, for several
/// `pset serve` nodes sharing one server.
///
/// The interface is synchronous (see `CourseStore`), so every call waits on postgres-nio's `EventLoopFuture`s from
/// its own thread, never from an event-loop thread, which the futures need free to complete. Each write is one
/// transaction on one connection of a small pool; calls fail fast with a one-line `StoreError` while the server is
/// down, and reconnect when it is back.
public final class PostgresStore: CourseStore {
    let pool: ConnectionPool
    public let address: PostgresAddress

    /// Connects to the database at `address` and brings its schema up to date; several nodes may do this at once.
    public init(
        address: PostgresAddress, connections: Int = 8, connectTimeout: TimeAmount = .seconds(3),
        checkoutTimeout: TimeInterval = 10, queryTimeout: TimeInterval = 60
    ) throws {
        self.address = address
        self.pool = ConnectionPool(
            address: address, size: connections, connectTimeout: connectTimeout, checkoutTimeout: checkoutTimeout,
            queryTimeout: queryTimeout)
        try migrate()
    }

    /// Opens the database a `postgres://` URL names.
    public static func open(url: String) throws -> PostgresStore {
        try PostgresStore(address: PostgresAddress(url: url))
    }

    /// Closes the connections; the store is not used after.
    public func close() {
        pool.shutdown()
    }

    deinit {
        pool.shutdown()
    }

    /// Runs `body` in one transaction on one connection: committed when it returns, rolled back when it throws.
    ///
    /// PostgreSQL's errors leave as `StoreError`; the course's own (`AttemptRefusal`, `QueueError`) as they are.
    @discardableResult
    func transaction<T>(_ body: (Session) throws -> T) throws -> T {
        try translatingErrors {
            try pool.withConnection { session in
                try session.execute("BEGIN")
                do {
                    let result = try body(session)
                    try session.execute("COMMIT")
                    return result
                } catch {
                    session.rollBack()
                    throw error
                }
            }
        }
    }

    /// Runs one read of a single statement, outside any explicit transaction.
    func read<T>(_ body: (Session) throws -> T) throws -> T {
        try translatingErrors {
            try pool.withConnection(body)
        }
    }

    /// Runs one statement that changes rows, outside any explicit transaction: PostgreSQL commits it on its own,
    /// all or nothing, in one round trip where `transaction` takes three more.
    func change<T>(_ body: (Session) throws -> T) throws -> T {
        try read(body)
    }

    private func translatingErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as PSQLError {
            if PostgresFailure.isConnectionLost(error) {
                throw StoreError.unreachable(database: address.description, reason: PostgresFailure.reason(of: error))
            }
            throw StoreError.refused(database: address.description, reason: PostgresFailure.reason(of: error))
        }
    }
}

extension PostgresStore {
    /// One connection lent to one caller: its queries, each awaited on the caller's thread.
    struct Session {
        let connection: PostgresConnection
        let pool: ConnectionPool

        /// Runs a query and returns its rows, each with its columns by name.
        @discardableResult
        func query(_ query: PostgresQuery) throws -> [PostgresRandomAccessRow] {
            try pool.wait(for: connection.query(query, logger: pool.logger), on: connection).rows.map {
                $0.makeRandomAccess()
            }
        }

        /// Runs a statement and returns how many rows it changed.
        @discardableResult
        func execute(_ query: PostgresQuery) throws -> Int {
            try pool.wait(for: connection.query(query, logger: pool.logger), on: connection).metadata.rows ?? 0
        }

        /// The first column of the first row, if there is one and it is not NULL.
        func value<T: PostgresDecodable>(_ query: PostgresQuery, as type: T.Type = T.self) throws -> T? {
            guard let cell = try self.query(query).first?[0], cell.bytes != nil else { return nil }
            return try cell.decode(T.self)
        }

        /// Rolls back after a failure; a connection that cannot even do that is closed, so the pool drops it.
        func rollBack() {
            do {
                try execute("ROLLBACK")
            } catch {
                _ = try? connection.close().wait()
            }
        }
    }
}

extension PostgresRandomAccessRow {
    /// The column's value, decoded as `T` (optional for a column that may be NULL).
    func value<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        try self[column].decode(T.self)
    }
}
