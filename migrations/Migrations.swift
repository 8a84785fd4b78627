/// The schema's migrations, in the order they apply; each `.sql` file under `migrations/sql` is one.
///
/// A migration that has shipped is never edited: a change to the schema is a new file, appended here.
public enum Migrations {
    public static let all: [(identifier: String, sql: [UInt8])] = [
        ("001_initial", PackageResources._01_initial_sql),
        ("002_service", PackageResources._02_service_sql),
        ("003_job_claims", PackageResources._03_job_claims_sql),
        ("004_variants", PackageResources._04_variants_sql),
        ("005_job_workers", PackageResources._05_job_workers_sql),
        ("006_web_sessions", PackageResources._06_web_sessions_sql),
        ("007_canvas_pushes", PackageResources._07_canvas_pushes_sql),
        ("008_job_leases", PackageResources._08_job_leases_sql),
    ]
}
