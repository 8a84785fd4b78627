/// Why a database cannot be used; the file is never modified when one of these is thrown.
public enum StoreError: Error, CustomStringConvertible {
    case notPset(path: String)
    case corrupt(path: String)
    case newerThanProgram(path: String)
    case unusable(path: String, reason: String)

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
        }
    }
}
