import Foundation
import Logging
import NIOCore
import PostgresNIO
import PsetStore

/// A few connections to one PostgreSQL, each lent to one caller at a time, opened when needed and dropped when
/// they break, so calls after the server comes back reconnect.
///
/// Callers block: the store's interface is synchronous, so a connection is opened and every query awaited with
/// `EventLoopFuture.wait()` on the calling thread, which is never one of NIO's event-loop threads (the futures
/// complete on those). The wait for a free connection is bounded, as are connecting and every query, so a stopped
/// or silent server makes a call fail with a one-line `StoreError` instead of holding its thread.
final class ConnectionPool: @unchecked Sendable {
    let address: PostgresAddress
    let size: Int
    let connectTimeout: TimeAmount
    let checkoutTimeout: TimeInterval
    /// How long a query may go unanswered before its connection is closed and the call fails: long enough for the
    /// class-wide reads of a large course, short enough that a server cut off by the network frees the thread.
    let queryTimeout: TimeInterval
    let logger: Logger
    /// Guards everything below: the idle connections, how many are open or being opened, and the next id.
    private let condition = NSCondition()
    private var idle: [PostgresConnection] = []
    private var open = 0
    private var nextID = 0

    init(
        address: PostgresAddress, size: Int, connectTimeout: TimeAmount, checkoutTimeout: TimeInterval,
        queryTimeout: TimeInterval
    ) {
        precondition(size > 0, "a pool holds at least one connection")
        self.address = address
        self.size = size
        self.connectTimeout = connectTimeout
        self.checkoutTimeout = checkoutTimeout
        self.queryTimeout = queryTimeout
        var logger = Logger(label: "pset.postgres")
        logger.logLevel = .error
        self.logger = logger
    }

    /// Runs `body` with a connection of its own, given back (or dropped, when it broke) afterwards.
    func withConnection<T>(_ body: (PostgresStore.Session) throws -> T) throws -> T {
        let connection = try checkOut()
        defer { checkIn(connection) }
        return try body(PostgresStore.Session(connection: connection, pool: self))
    }

    /// Waits on this thread for `future`, at most `queryTimeout`; past it, closes the connection, which fails the
    /// query and drops the connection from the pool, and throws.
    func wait<T: Sendable>(for future: EventLoopFuture<T>, on connection: PostgresConnection) throws -> T {
        let outcome = Outcome<T>()
        future.whenComplete { outcome.set($0) }
        guard let result = outcome.wait(until: Date(timeIntervalSinceNow: queryTimeout)) else {
            _ = try? connection.close().wait()
            throw StoreError.unreachable(
                database: address.description, reason: "no answer in \(Int(queryTimeout)) s; the connection was closed")
        }
        return try result.get()
    }

    /// Closes the idle connections; those lent out close when given back.
    func shutdown() {
        condition.lock()
        let closing = idle
        idle.removeAll()
        open -= closing.count
        condition.broadcast()
        condition.unlock()
        for connection in closing { _ = try? connection.close().wait() }
    }

    private func checkOut() throws -> PostgresConnection {
        let deadline = Date(timeIntervalSinceNow: checkoutTimeout)
        condition.lock()
        while true {
            if let connection = idle.popLast() {
                if connection.isClosed {
                    open -= 1
                    continue
                }
                condition.unlock()
                return connection
            }
            if open < size {
                open += 1
                nextID += 1
                let id = nextID
                condition.unlock()
                do {
                    return try connect(id: id)
                } catch {
                    condition.lock()
                    open -= 1
                    condition.signal()
                    condition.unlock()
                    throw error
                }
            }
            guard condition.wait(until: deadline) else {
                condition.unlock()
                throw StoreError.unreachable(
                    database: address.description,
                    reason: "all \(size) connections stayed busy for \(Int(checkoutTimeout)) s")
            }
        }
    }

    private func checkIn(_ connection: PostgresConnection) {
        condition.lock()
        if connection.isClosed {
            open -= 1
        } else {
            idle.append(connection)
        }
        condition.signal()
        condition.unlock()
    }

    private func connect(id: Int) throws -> PostgresConnection {
        var configuration = PostgresConnection.Configuration(
            host: address.host, port: address.port, username: address.user, password: address.password,
            database: address.database, tls: .disable)
        configuration.options.connectTimeout = connectTimeout
        do {
            return try PostgresConnection.connect(
                on: PostgresConnection.defaultEventLoopGroup.next(), configuration: configuration, id: id,
                logger: logger
            ).wait()
        } catch {
            throw StoreError.unreachable(database: address.description, reason: PostgresFailure.reason(of: error))
        }
    }
}

/// A future's result, handed from the event loop that completes it to the thread waiting for it.
private final class Outcome<T: Sendable>: @unchecked Sendable {
    /// Guards `result`, and wakes the waiting thread when it is set.
    private let condition = NSCondition()
    private var result: Result<T, any Error>?

    func set(_ result: Result<T, any Error>) {
        condition.lock()
        self.result = result
        condition.broadcast()
        condition.unlock()
    }

    /// The result, or `nil` when it did not come by `deadline`.
    func wait(until deadline: Date) -> Result<T, any Error>? {
        condition.lock()
        defer { condition.unlock() }
        while result == nil {
            guard condition.wait(until: deadline) else { return result }
        }
        return result
    }
}
