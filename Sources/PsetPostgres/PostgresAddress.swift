import Foundation

/// Where a PostgreSQL database is and whom to connect as, read from a `postgres://user:password@host:port/database`
/// URL; the password, from the URL or else `PGPASSWORD`, is never part of its description.
public struct PostgresAddress: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String

    public init(host: String, port: Int = 5432, user: String, password: String? = nil, database: String) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
    }

    /// Whether `location` names a PostgreSQL database rather than a SQLite file.
    public static func isURL(_ location: String) -> Bool {
        location.hasPrefix("postgres://") || location.hasPrefix("postgresql://")
    }

    /// Reads a `postgres://` (or `postgresql://`) URL: the user defaults to `postgres`, the port to 5432, the
    /// database to the user's name, and the password to `environment["PGPASSWORD"]`.
    public init(url: String, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(StoreAddressError)
    {
        guard Self.isURL(url), let components = URLComponents(string: url) else { throw .notAURL }
        guard let host = components.host, !host.isEmpty else { throw .missingHost }
        if let query = components.query, !query.isEmpty { throw .unsupportedParameters }
        let user = components.user.flatMap { $0.isEmpty ? nil : $0 } ?? "postgres"
        var database = components.path
        if database.hasPrefix("/") { database.removeFirst() }
        guard !database.contains("/") else { throw .badDatabaseName(database) }
        self.init(
            host: host, port: components.port ?? 5432, user: user,
            password: components.password ?? environment["PGPASSWORD"].flatMap { $0.isEmpty ? nil : $0 },
            database: database.isEmpty ? user : database)
    }

    /// `host:port/database`: how messages and logs name the database, without the password.
    public var description: String { "\(host):\(port)/\(database)" }
}

/// Why a `postgres://` URL could not be read.
public enum StoreAddressError: Error, Equatable, CustomStringConvertible {
    case notAURL
    case missingHost
    case badDatabaseName(String)
    case unsupportedParameters

    public var description: String {
        switch self {
        case .notAURL: "not a postgres:// URL; write postgres://USER@HOST:PORT/DATABASE"
        case .missingHost: "the postgres:// URL names no host; write postgres://USER@HOST:PORT/DATABASE"
        case .badDatabaseName(let name): "\"\(name)\" is not a database name: it may not contain /"
        case .unsupportedParameters:
            "parameters after ? in a postgres:// URL are not supported; give the password in the URL or PGPASSWORD"
        }
    }
}
