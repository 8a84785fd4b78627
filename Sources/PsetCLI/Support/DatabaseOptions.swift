import ArgumentParser
import Foundation
import PsetStore

/// `--db PATH`: the local database, else `PSET_DB`, else a per-user default.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The SQLite database file.", valueName: "path"))
    var db: String?

    /// The file in use: `--db`, then `PSET_DB`, then `$XDG_DATA_HOME/pset/pset.sqlite` (`~/.local/share/...`).
    var path: String {
        if let db { return db }
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["PSET_DB"], !path.isEmpty { return path }
        let dataHome =
            environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (NSHomeDirectory() + "/.local/share")
        return dataHome + "/pset/pset.sqlite"
    }

    func open() throws -> AppDatabase {
        try AppDatabase.open(path: path)
    }
}
