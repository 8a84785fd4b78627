import ArgumentParser
import Foundation
import PsetPostgres
import PsetStore

/// `--db PATH|postgres://…`: the course database, else `PSET_DB`, else a per-user SQLite file.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The SQLite database file, or a PostgreSQL database as postgres://USER@HOST:PORT/DATABASE "
                + "(password in the URL or PGPASSWORD).", valueName: "path|url"))
    var db: String?

    /// The database in use: `--db`, then `PSET_DB`, then `$XDG_DATA_HOME/pset/pset.sqlite` (`~/.local/share/...`).
    var path: String {
        if let db { return db }
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["PSET_DB"], !path.isEmpty { return path }
        let dataHome =
            environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (NSHomeDirectory() + "/.local/share")
        return dataHome + "/pset/pset.sqlite"
    }

    /// Whether a database was named, with `--db` or `PSET_DB`, which selects local mode over a configured server.
    var isExplicit: Bool {
        db != nil || ProcessInfo.processInfo.environment["PSET_DB"].map { !$0.isEmpty } == true
    }

    /// The database as messages name it: the file, or `postgres://HOST:PORT/DATABASE` without user or password.
    var displayName: String {
        guard PostgresAddress.isURL(path) else { return path }
        return (try? PostgresAddress(url: path)).map { "postgres://\($0)" } ?? "postgres://…"
    }

    /// Opens the database: PostgreSQL for a `postgres://` URL, else the SQLite file.
    func open() throws -> any CourseStore {
        do {
            return try CourseDatabase.open(path)
        } catch let error as StoreAddressError {
            throw ValidationError("--db: \(error)")
        }
    }
}
