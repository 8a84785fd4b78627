/// Why a database cannot be used, or refused an operation; a file is never modified when one of these is thrown.
public enum StoreError: Error, CustomStringConvertible {
    case notPset(path: String)
    case corrupt(path: String)
    case newerThanProgram(path: String)
    case unusable(path: String, reason: String)
    /// A database server (named by host, port and database, never by password) could not be reached in time.
    case unreachable(database: String, reason: String)
    /// A database server refused an operation: a constraint or a trigger of the schema, or a broken invariant.
    case refused(database: String, reason: String)

    public var description: String {
        switch self {
        case .notPset(let path):
            "\(path) is not a Pset database; name another file with --db or PSET_DB"
        case .corrupt(let path):
            "\(path) is damaged or not a database file; restore it from a backup or name another with --db"
        case .newerThanProgram(let path):
            "\(path) was written by a newer version of pset; upgrade pset to use it"
        case .unusable(let path, let reason):
            "cannot open the database \(path): \(reason)"
        case .unreachable(let database, let reason):
            "the course database at \(database) is unreachable: \(reason)"
        case .refused(let database, let reason):
            "the course database at \(database) refused the operation: \(reason)"
        }
    }
}
