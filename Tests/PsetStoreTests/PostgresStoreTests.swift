import Foundation
import PostgresNIO
import PsetMigrations
import PsetModel
import PsetStore
import PsetTestDatabases
import Testing

@testable import PsetPostgres

/// What only PostgreSQL has to show: several nodes on one database, a server that stops and comes back, and
/// the URLs that name it.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct PostgresStoreTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func aURLNamesTheServerUserAndDatabaseAndItsDescriptionNoPassword() throws {
        let full = try PostgresAddress(
            url: "postgres://grader:s3cret@db.example.edu:6543/course", environment: ["PGPASSWORD": "other"])
        #expect(
            full
                == PostgresAddress(
                    host: "db.example.edu", port: 6543, user: "grader", password: "s3cret", database: "course"))
        #expect("\(full)" == "db.example.edu:6543/course")
        let short = try PostgresAddress(url: "postgresql://db", environment: ["PGPASSWORD": "fromenv"])
        #expect(
            short
                == PostgresAddress(host: "db", port: 5432, user: "postgres", password: "fromenv", database: "postgres"))
        #expect(throws: StoreAddressError.missingHost) {
            try PostgresAddress(url: "postgres:///course", environment: [:])
        }
        #expect(throws: StoreAddressError.unsupportedParameters) {
            try PostgresAddress(url: "postgres://db/course?password=x", environment: [:])
        }
        #expect(throws: StoreAddressError.badDatabaseName("a/b")) {
            try PostgresAddress(url: "postgres://db/a/b", environment: [:])
        }
        #expect(!PostgresAddress.isURL("/var/lib/pset/postgres.sqlite") && PostgresAddress.isURL("postgres://db"))
    }

    @Test func aMigrationIsSplitIntoStatementsOutsideCommentsQuotesAndFunctionBodies() {
        let sql = """
            -- a comment; with a semicolon
            CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'a; b'; END $$;
            INSERT INTO t VALUES ('it''s; fine', "odd;name");
            SELECT $tag$ ; $tag$;
            """
        #expect(
            PostgresStore.statements(of: sql) == [
                "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'a; b'; END $$",
                "INSERT INTO t VALUES ('it''s; fine', \"odd;name\")",
                "SELECT $tag$ ; $tag$",
            ])
    }

    @Test func aServerThatIsNotThereFailsTheCallAtOnceWithOneLine() throws {
        let began = Date()
        #expect {
            try PostgresStore(
                address: PostgresAddress(
                    host: "127.0.0.1", port: 1, user: "pset", password: "hidden", database: "course"))
        } throws: { error in
            "\(error)" == "the course database at 127.0.0.1:1/course is unreachable: connection refused"
        }
        #expect(Date().timeIntervalSince(began) < 3)
    }

    @Test(.enabled(if: TestDatabases.postgresCasesRun, TestDatabases.skipReason))
    func nodesStartingTogetherApplyEachMigrationOnce() async throws {
        try await TestDatabases.withPostgresDatabase { address in
            let stores = try await withThrowingTaskGroup(of: PostgresStore.self) { group in
                for _ in 0..<3 { group.addTask { try PostgresStore(address: address, connections: 2) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            for store in stores {
                #expect(try store.appliedMigrations() == Migrations.postgres.map(\.identifier))
                store.close()
            }
        }
    }

    @Test(.enabled(if: TestDatabases.postgresCasesRun, TestDatabases.skipReason))
    func aDatabaseFromANewerProgramIsRefusedUntouched() async throws {
        try await TestDatabases.withPostgresDatabase { address in
            try PostgresStore(address: address).close()
            try await TestDatabases.execute(
                "INSERT INTO schema_migrations (identifier) VALUES ('999_future')", on: address)
            #expect {
                try PostgresStore(address: address)
            } throws: { error in
                "\(error)" == "\(address) was written by a newer version of pset; upgrade pset to use it"
            }
        }
    }

    @Test(.enabled(if: TestDatabases.postgresCasesRun, TestDatabases.skipReason))
    func twoNodesNeitherShareAttemptNumbersNorClaimTheSameJob() async throws {
        try await TestDatabases.withPostgresDatabase { address in
            let nodes = [try PostgresStore(address: address), try PostgresStore(address: address)]
            defer { nodes.forEach { $0.close() } }
            try nodes[0].syncBank(StoreConformanceTests.bank)
            try nodes[0].addPersonIfAbsent(Person(id: "ada", name: "Ada"))
            let attempts = try await withThrowingTaskGroup(of: [Attempt].self) { group in
                for node in nodes {
                    group.addTask {
                        try (0..<10).map { _ in
                            try node.recordAttempt(
                                personID: "ada", problemID: "demo/code", response: nil, variant: nil,
                                files: [SourceFile(name: "c.c", contents: "int c;\n")], maxScore: 1, lateSeconds: 0,
                                at: Self.start, maxAttempts: nil, enqueue: true, seed: nil, grade: nil
                            ).attempt
                        }
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(attempts.map(\.number).sorted() == Array(1...20))
            let claimed = try await withThrowingTaskGroup(of: [Int64].self) { group in
                for (index, node) in nodes.enumerated() {
                    for slot in 0..<2 {
                        group.addTask {
                            var jobs: [Int64] = []
                            while let job = try node.claimJob(by: "node\(index) #\(slot)", at: Self.start, lease: 60) {
                                jobs.append(job.id!)
                            }
                            return jobs
                        }
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(claimed.count == 20 && Set(claimed).count == 20, "every job claimed once")
        }
    }

    /// Freezes the store's server process with SIGSTOP, as a network that drops every packet would leave it.
    @Test(.enabled(if: TestDatabases.postgresCasesRun, TestDatabases.skipReason))
    func aServerThatStopsAnsweringFailsTheCallAfterTheQueryTimeoutAndTheStoreReconnects() async throws {
        try await TestDatabases.withPostgresDatabase { address in
            let store = try PostgresStore(address: address, connections: 1, queryTimeout: 1)
            defer { store.close() }
            let backend = try #require(try store.read { try $0.value("SELECT pg_backend_pid()", as: Int32.self) })
            kill(backend, SIGSTOP)
            let began = Date()
            let outcome = Result { try store.people() }
            kill(backend, SIGCONT)
            #expect(throws: StoreError.self) { try outcome.get() }
            if case .failure(let error) = outcome {
                #expect(
                    "\(error)"
                        == "the course database at \(address) is unreachable: no answer in 1 s; the connection was closed"
                )
            }
            #expect(Date().timeIntervalSince(began) < 5)
            #expect(try store.people().isEmpty, "a new connection answers")
        }
    }

    /// Stops the server `.ci/with-postgres` started, which every PostgreSQL test shares: the tests run one at a time.
    @Test(.enabled(if: TestDatabases.serverControl != nil, "needs PSET_TEST_PG_BIN and PSET_TEST_POSTGRES_DATA"))
    func callsFailFastWhileTheServerIsDownAndWorkAgainWhenItIsBack() async throws {
        let control = try #require(TestDatabases.serverControl)
        try await TestDatabases.withPostgresDatabase { address in
            let store = try PostgresStore(address: address, connections: 2)
            defer { store.close() }
            try store.syncBank(StoreConformanceTests.bank)
            try store.addPersonIfAbsent(Person(id: "ada", name: "Ada"))
            try control("stop")
            let began = Date()
            do {
                _ = try store.people()
                Issue.record("a call succeeded with the server stopped")
            } catch {
                #expect("\(error)".hasPrefix("the course database at \(address) is unreachable: "))
                #expect(!"\(error)".contains("\n"))
            }
            #expect(Date().timeIntervalSince(began) < 5)
            try control("start")
            #expect(try store.people().map(\.id) == ["ada"])
        }
    }
}
