import Foundation
import GRDB
import PsetMigrations
import Testing

@testable import PsetStore

@Suite struct MigrationTests {
    @Test func aFreshDatabaseGetsEveryMigration() throws {
        let directory = try TemporaryDirectory()
        let database = try AppDatabase.open(path: directory.path("fresh.sqlite"))
        let applied = try database.reader.read { db in try AppDatabase.migrator.appliedIdentifiers(db) }
        #expect(applied == Set(Migrations.sqlite.map(\.identifier)))
        let journal = try database.reader.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(journal == "wal")
    }

    @Test func everySQLFileIsAMigrationInOrder() throws {
        #expect(try migrationFiles("sqlite", suffix: ".sql") == Migrations.sqlite.map(\.identifier))
        #expect(try migrationFiles("postgres", suffix: ".pg.sql") == Migrations.postgres.map(\.identifier))
    }

    @Test func bothDatabasesHaveTheSameNumberedMigrations() {
        #expect(Migrations.postgres.map(\.identifier) == Migrations.sqlite.map(\.identifier))
        #expect(Migrations.postgres.allSatisfy { !$0.sql.isEmpty })
    }

    /// The migrations in `migrations/FOLDER`, by name without `suffix`, in order; every file in it must be one.
    private func migrationFiles(_ folder: String, suffix: String) throws -> [String] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../migrations/\(folder)").standardized
        let files = try FileManager.default.contentsOfDirectory(atPath: url.path)
        #expect(files.allSatisfy { $0.hasSuffix(suffix) }, "\(folder) holds only its migrations")
        return files.sorted().map { String($0.dropLast(suffix.count)) }
    }

    /// Builds a database as each earlier version of the program left it, with data in it, then opens it.
    @Test(arguments: 1...Migrations.sqlite.count)
    func anOlderDatabaseIsUpgradedKeepingItsData(appliedCount: Int) throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("old.sqlite")
        do {
            let pool = try DatabasePool(path: path)
            try AppDatabase.migrator.migrate(pool, upTo: Migrations.sqlite[appliedCount - 1].identifier)
            try pool.write { db in
                try db.execute(
                    sql: "INSERT INTO person (id, name, role, created_at) VALUES ('old', 'Old Student', 'student', ?)",
                    arguments: [Date()])
            }
            try pool.close()
        }
        let database = try AppDatabase.open(path: path)
        let applied = try database.reader.read { db in try AppDatabase.migrator.appliedIdentifiers(db) }
        #expect(applied == Set(Migrations.sqlite.map(\.identifier)))
        #expect(try database.person("old")?.name == "Old Student")
    }

    @Test func aFileThatIsNotOursIsRefusedAndLeftAlone() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("other.sqlite")
        do {
            let queue = try DatabaseQueue(path: path)
            try queue.write { db in try db.execute(sql: "CREATE TABLE notes (text TEXT)") }
            try queue.close()
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect {
            try AppDatabase.open(path: path)
        } throws: { error in
            "\(error)".contains("is not a Pset database")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func aCorruptFileIsRefusedAndLeftAlone() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("corrupt.sqlite")
        let garbage = Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        try garbage.write(to: URL(fileURLWithPath: path))
        #expect {
            try AppDatabase.open(path: path)
        } throws: { error in
            "\(error)".contains("damaged or not a database file")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == garbage)
    }

    @Test func aDatabaseFromANewerProgramIsRefusedAndLeftAlone() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("newer.sqlite")
        do {
            let database = try AppDatabase.open(path: path)
            try database.writer.write { db in
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('999_from_the_future')")
            }
            try (database.writer as? DatabasePool)?.close()
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect {
            try AppDatabase.open(path: path)
        } throws: { error in
            "\(error)".contains("newer version of pset")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }
}
