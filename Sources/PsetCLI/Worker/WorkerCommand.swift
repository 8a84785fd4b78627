import ArgumentParser
import Foundation
import Logging
import PsetBank
import PsetService
import ServiceLifecycle
import UnixSignals

extension Pset {
    struct WorkerCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "worker",
            abstract: "Run a grading host: claim jobs from a pset serve over HTTP, grade them here, send the results.",
            discussion:
                "Needs gcc and the sandbox, not the database: the server hands out each job under a lease that this "
                + "host renews while grading. Stops on SIGTERM or SIGINT after the gradings in flight are sent; a "
                + "second signal stops at once and gives them back to the queue.")

        @Option(help: "The pset serve to grade for, as http://HOST:PORT.")
        var server: String

        @Option(
            help:
                "This host's worker token (`pset admin worker add NAME` issues one); else PSET_WORKER_TOKEN, which other users of the host cannot read from the process list."
        )
        var token: String?

        /// The token in force: `--token`, else `PSET_WORKER_TOKEN`.
        var workerToken: String? {
            token ?? ProcessInfo.processInfo.environment["PSET_WORKER_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        }

        @Option(help: "Submissions graded at once (default: one per core).")
        var slots: Int?

        /// The slots in force: `--slots`, else one per core.
        var slotCount: Int { slots ?? ProcessInfo.processInfo.activeProcessorCount }

        func validate() throws {
            guard slotCount >= 1 else { throw ValidationError("--slots must be at least 1") }
            guard let url = URL(string: server), ["http", "https"].contains(url.scheme), url.host != nil else {
                throw ValidationError("--server must be a URL such as http://grader.example.edu:8080")
            }
        }

        func run() async throws {
            LoggingSystem.bootstrap(StreamLogHandler.standardError)
            var logger = Logger(label: "pset.worker")
            logger.logLevel = .notice
            guard let token = workerToken else {
                throw ValidationError("give this host's worker token: --token T, or PSET_WORKER_TOKEN")
            }
            let client = WorkerClient(service: ServiceClient(settings: ServerSettings(server: server, token: token)))
            let host = GradingHost(
                client: client, bank: .builtIn, grader: CourseGrader.shared, slots: slotCount,
                outage: Outage(server: server), logger: logger)
            note("pset worker: grading for \(server) with \(slotCount) slot(s)")
            let group = ServiceGroup(
                configuration: .init(
                    services: [StopSignals(), host], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
            do {
                try await group.run()
            } catch let error as WorkerCallError {
                throw RemoteError(error.description)
            } catch is StopSignals.StopNow {
                note("pset worker: stopped at once; the gradings in flight went back to the queue")
            }
        }
    }
}

/// Watches SIGTERM and SIGINT beside the group, which stops gracefully on the first: says so, and on a second
/// throws `StopNow`, which cancels the group at once.
///
/// It runs first in the group, so it is the last service asked to stop and still listens while the slots finish.
private struct StopSignals: Service {
    struct StopNow: Error {}

    func run() async throws {
        var received = 0
        for await _ in await UnixSignalsSequence(trapping: .sigterm, .sigint).cancelOnGracefulShutdown() {
            received += 1
            guard received == 1 else { throw StopNow() }
            note("pset worker: stopping; sending the gradings in flight first (a second signal gives them back now)")
        }
    }
}
