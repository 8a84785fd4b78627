import ServiceLifecycle
import UnixSignals

/// Watches SIGTERM and SIGINT beside the service group, which stops gracefully on the first: says which
/// gradings that stop waits for, and on a second signal throws `PsetServer.StopNow`, which cancels the group at once.
///
/// It runs first in the group, so it is the last service asked to stop and still listens while the others finish.
struct ShutdownSignals: Service {
    let events: QueueEvents
    let report: @Sendable ([InFlightGrading]) async -> Void

    func run() async throws {
        var received = 0
        for await _ in await UnixSignalsSequence(trapping: .sigterm, .sigint).cancelOnGracefulShutdown() {
            received += 1
            guard received == 1 else { throw PsetServer.StopNow() }
            await report(await events.inFlight())
        }
    }
}
