import PsetStore

/// The course database a location names, on whichever of the two databases it is.
public enum CourseDatabase {
    /// Opens PostgreSQL for a `postgres://` URL, else the SQLite file at `location`; migrates either.
    public static func open(_ location: String) throws -> any CourseStore {
        guard PostgresAddress.isURL(location) else { return try AppDatabase.open(path: location) }
        return try PostgresStore(address: PostgresAddress(url: location))
    }
}
