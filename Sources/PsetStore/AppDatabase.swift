import Foundation
import GRDB
import PsetMigrations

/// Pset's SQLite database: owns the connection and the schema; writes are methods named for their purpose.
public struct AppDatabase: Sendable {
    /// `'PSET'`: marks a file as ours, set by the first migration.
    static let applicationID: Int32 = 0x5053_4554

    let writer: any DatabaseWriter

    /// Wraps a connection and brings its schema up to date.
    public init(_ writer: any DatabaseWriter) throws {
        self.writer = writer
        try Self.migrator.migrate(writer)
    }

    /// Read access for queries.
    public var reader: any DatabaseReader { writer }

    /// The migrator: one migration per file under `migrations/sqlite`, in order.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for migration in Migrations.sqlite {
            let sql = String(decoding: migration.sql, as: UTF8.self)
            migrator.registerMigration(migration.identifier) { db in try db.execute(sql: sql) }
        }
        return migrator
    }

    static func configuration() -> Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        return configuration
    }
}

extension AppDatabase {
    /// Opens (creating if needed) the database file at `path`, after checking it is ours, sound, and not newer.
    ///
    /// A file that fails a check is left untouched: the checks read it through a read-only connection
    /// before the pool (which switches the file to WAL and migrates it) is opened.
    public static func open(path: String) throws(StoreError) -> AppDatabase {
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw .unusable(path: path, reason: "cannot create its folder: \(error.localizedDescription)")
        }
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > 0 {
            try inspect(path: path)
        }
        do {
            return try AppDatabase(DatabasePool(path: path, configuration: configuration()))
        } catch {
            throw .unusable(path: path, reason: "\(error)")
        }
    }

    /// An empty database in memory, for tests and one-off work.
    public static func inMemory() throws -> AppDatabase {
        try AppDatabase(DatabaseQueue(configuration: configuration()))
    }

    private static func inspect(path: String) throws(StoreError) {
        var configuration = configuration()
        configuration.readonly = true
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            try queue.read { db in
                let id = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
                let tables = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") ?? 0
                guard id == applicationID || (id == 0 && tables == 0) else { throw StoreError.notPset(path: path) }
                if try migrator.hasBeenSuperseded(db) { throw StoreError.newerThanProgram(path: path) }
            }
            try queue.close()
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError
            where [.SQLITE_NOTADB, .SQLITE_CORRUPT].contains(error.resultCode.primaryResultCode)
        {
            throw .corrupt(path: path)
        } catch {
            throw .unusable(path: path, reason: "\(error)")
        }
    }
}
