import Foundation
import PostgresNIO
import PsetMigrations
import PsetStore

extension PostgresStore {
    /// An arbitrary constant, `'PSET'`, naming the advisory lock that serialises migrating across nodes.
    static let migrationLock: Int64 = 0x5053_4554

    /// Applies the migrations the database lacks, each in its own transaction, in order.
    ///
    /// Each transaction first takes an advisory lock, so two nodes starting together on one database wait for
    /// each other and every migration is applied once; `schema_migrations` records the ones applied. A database
    /// with a migration this program does not know was written by a newer one, and is refused untouched.
    func migrate() throws {
        for migration in Migrations.postgres {
            try transaction { session in
                try session.execute("SELECT pg_advisory_xact_lock(\(Self.migrationLock))")
                try session.execute(
                    """
                    CREATE TABLE IF NOT EXISTS schema_migrations (
                        identifier text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())
                    """)
                let known = Set(Migrations.postgres.map(\.identifier))
                let done = try session.query("SELECT identifier FROM schema_migrations").map {
                    try $0.value("identifier", as: String.self)
                }
                if done.contains(where: { !known.contains($0) }) {
                    throw StoreError.newerThanProgram(path: address.description)
                }
                guard !done.contains(migration.identifier) else { return }
                for statement in Self.statements(of: String(decoding: migration.sql, as: UTF8.self)) {
                    try session.execute(PostgresQuery(unsafeSQL: statement))
                }
                try session.execute("INSERT INTO schema_migrations (identifier) VALUES (\(migration.identifier))")
            }
        }
    }

    /// The identifiers of the migrations applied to the database, in order.
    public func appliedMigrations() throws -> [String] {
        try read { session in
            try session.query("SELECT identifier FROM schema_migrations ORDER BY identifier").map {
                try $0.value("identifier", as: String.self)
            }
        }
    }

    /// A migration file's statements, one each: postgres-nio sends one statement per query.
    ///
    /// Splits at semicolons outside `--` comments, quoted strings and identifiers, and dollar-quoted bodies
    /// (`$$ ... $$`, `$tag$ ... $tag$`) such as a function's.
    static func statements(of sql: String) -> [String] {
        var statements: [String] = []
        var current = ""
        var index = sql.startIndex
        func appendUntil(_ end: String, from start: String.Index) -> String.Index {
            guard let range = sql.range(of: end, range: start..<sql.endIndex) else {
                current += sql[start...]
                return sql.endIndex
            }
            current += sql[start..<range.upperBound]
            return range.upperBound
        }
        while index < sql.endIndex {
            let character = sql[index]
            let rest = sql[index...]
            if rest.hasPrefix("--") {
                index = sql[index...].firstIndex(of: "\n") ?? sql.endIndex
            } else if character == "'" || character == "\"" {
                current.append(character)
                index = appendUntil(String(character), from: sql.index(after: index))
            } else if character == "$", let tagEnd = rest.dropFirst().firstIndex(of: "$"),
                rest[rest.index(after: rest.startIndex)..<tagEnd].allSatisfy({ $0.isLetter || $0 == "_" })
            {
                let tag = String(sql[index...tagEnd])
                current += tag
                index = appendUntil(tag, from: sql.index(after: tagEnd))
            } else if character == ";" {
                statements.append(current)
                current = ""
                index = sql.index(after: index)
            } else {
                current.append(character)
                index = sql.index(after: index)
            }
        }
        statements.append(current)
        return statements.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }
}
