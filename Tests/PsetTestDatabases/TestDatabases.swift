import Foundation
import Logging
import PostgresNIO
import PsetPostgres
import PsetStore
import Testing

/// A course database a test runs on: SQLite in memory, or a PostgreSQL database of its own.
public enum StoreBackend: String, Sendable, CaseIterable, CustomTestStringConvertible {
    case sqlite
    case postgres

    public var testDescription: String { rawValue }

    /// The backends a test runs on: PostgreSQL only when a server is given, or under CI, where its absence fails.
    public static var available: [StoreBackend] {
        TestDatabases.postgresCasesRun ? [.sqlite, .postgres] : [.sqlite]
    }
}

/// The PostgreSQL server the tests may use: `PSET_TEST_POSTGRES_URL`, which `.ci/with-postgres` sets.
///
/// Without it a PostgreSQL case is cancelled with the reason shown, except under CI (`CI` set), where it fails:
/// CI must never pass by skipping them.
public enum TestDatabases {
    public static var serverURL: String? {
        ProcessInfo.processInfo.environment["PSET_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    public static var isCI: Bool { ProcessInfo.processInfo.environment["CI"].map { !$0.isEmpty } ?? false }

    /// Whether the PostgreSQL cases run: a server is given, or CI is set (and they fail without one).
    public static var postgresCasesRun: Bool { serverURL != nil || isCI }

    /// Why the PostgreSQL cases do not run here.
    public static let skipReason: Comment =
        "PSET_TEST_POSTGRES_URL is unset, so the store's and the service's tests skip PostgreSQL; run them under .ci/with-postgres"

    /// Runs `body` on a new, empty, migrated store of `backend`; a PostgreSQL store's database is dropped after.
    public static func withStore<T>(
        _ backend: StoreBackend, _ body: (any CourseStore) async throws -> T
    ) async throws -> T {
        switch backend {
        case .sqlite:
            return try await body(AppDatabase.inMemory())
        case .postgres:
            return try await withPostgresDatabase { address in
                let store = try PostgresStore(address: address)
                defer { store.close() }
                return try await body(store)
            }
        }
    }

    /// Runs `body` with the address of a new, empty PostgreSQL database, dropped after whatever happens.
    public static func withPostgresDatabase<T>(_ body: (PostgresAddress) async throws -> T) async throws -> T {
        guard let serverURL else {
            let reason = "PSET_TEST_POSTGRES_URL is unset; run the tests under .ci/with-postgres"
            if isCI { throw MissingServer(reason: "CI is set but \(reason)") }
            try Test.cancel("PostgreSQL case skipped: \(reason)")
        }
        let server = try PostgresAddress(url: serverURL)
        var address = server
        address.database = "pset_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await execute("CREATE DATABASE \(address.database)", on: server)
        do {
            let result = try await body(address)
            try await execute("DROP DATABASE \(address.database) WITH (FORCE)", on: server)
            return result
        } catch {
            try? await execute("DROP DATABASE \(address.database) WITH (FORCE)", on: server)
            throw error
        }
    }

    /// Stops (`"stop"`) or starts (`"start"`) the test server with `pg_ctl`, when `.ci/with-postgres` said where
    /// it is; the server keeps its settings, so it comes back at the same address.
    public static var serverControl: (@Sendable (String) throws -> Void)? {
        let environment = ProcessInfo.processInfo.environment
        guard serverURL != nil, let bin = environment["PSET_TEST_PG_BIN"],
            let data = environment["PSET_TEST_POSTGRES_DATA"]
        else { return nil }
        return { action in
            let log = URL(fileURLWithPath: data).deletingLastPathComponent().appendingPathComponent("server.log").path
            let command = [bin + "/pg_ctl", action, "-D", data, "-w", "-t", "30", "-l", log]
            let status = try run(getuid() == 0 ? ["/usr/sbin/runuser", "-u", "postgres", "--"] + command : command)
            guard status == 0 else { throw MissingServer(reason: "pg_ctl \(action) exited with \(status)") }
        }
    }

    /// Runs a program with its output discarded and waits for it with `waitpid`, returning its exit status.
    ///
    /// Not `Process`: the server `pg_ctl start` leaves behind would inherit the test's output, and `Process` was
    /// seen never to notice `pg_ctl` exiting.
    private static func run(_ arguments: [String]) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, arguments[0], &actions, nil, argv, environ)
        guard spawned == 0 else { throw MissingServer(reason: "cannot run \(arguments[0]): error \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return (status >> 8) & 0xff
    }

    /// Why a PostgreSQL case could not run where it must.
    struct MissingServer: Error, CustomStringConvertible {
        let reason: String
        var description: String { reason }
    }

    /// Runs one SQL statement on the database at `address` over a connection of its own: what a person with a
    /// SQL prompt could do behind the store's back.
    public static func execute(_ sql: String, on address: PostgresAddress) async throws {
        let connection = try await PostgresConnection.connect(
            configuration: PostgresConnection.Configuration(
                host: address.host, port: address.port, username: address.user, password: address.password,
                database: address.database, tls: .disable),
            id: 0, logger: Logger(label: "pset.tests.postgres"))
        do {
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: connection.logger)
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
    }
}
