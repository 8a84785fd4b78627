import Logging
import ServiceLifecycle

/// Computes the dashboard's class figures once when the server starts, so the first TA to open the dashboard
/// does not wait for every attempt of the term to be read; then idles until the server stops.
struct ClassOverviewWarmer: Service {
    let overview: ClassOverview
    let logger: Logger

    func run() async throws {
        do {
            _ = try await overview.current()
        } catch {
            // The dashboard computes them itself on its first view, and reports any error there.
            logger.warning("could not prepare the dashboard's class figures: \(error)")
        }
        try? await gracefulShutdown()
    }
}
