/// The schema's migrations, in the order they apply, once for each database: each `.sql` file under
/// `migrations/sqlite` is one of SQLite's, each `.pg.sql` file under `migrations/postgres` one of PostgreSQL's, and
/// the two lists carry the same numbered steps with the same meaning.
///
/// A migration that has shipped is never edited: a change to the schema is a new file in each folder, appended here.
public enum Migrations {
    public typealias Migration = (identifier: String, sql: [UInt8])

    /// SQLite's migrations, applied by GRDB's migrator.
    public static let sqlite: [Migration] = [
        ("001_initial", PackageResources._01_initial_sql),
        ("002_service", PackageResources._02_service_sql),
        ("003_job_claims", PackageResources._03_job_claims_sql),
        ("004_variants", PackageResources._04_variants_sql),
        ("005_job_workers", PackageResources._05_job_workers_sql),
        ("006_web_sessions", PackageResources._06_web_sessions_sql),
        ("007_canvas_pushes", PackageResources._07_canvas_pushes_sql),
        ("008_job_leases", PackageResources._08_job_leases_sql),
        ("009_lease_pickup", PackageResources._09_lease_pickup_sql),
    ]

    /// PostgreSQL's migrations, applied by `PostgresStore`'s migrator.
    public static let postgres: [Migration] = [
        ("001_initial", PackageResources._01_initial_pg_sql),
        ("002_service", PackageResources._02_service_pg_sql),
        ("003_job_claims", PackageResources._03_job_claims_pg_sql),
        ("004_variants", PackageResources._04_variants_pg_sql),
        ("005_job_workers", PackageResources._05_job_workers_pg_sql),
        ("006_web_sessions", PackageResources._06_web_sessions_pg_sql),
        ("007_canvas_pushes", PackageResources._07_canvas_pushes_pg_sql),
        ("008_job_leases", PackageResources._08_job_leases_pg_sql),
        ("009_lease_pickup", PackageResources._09_lease_pickup_pg_sql),
    ]
}
