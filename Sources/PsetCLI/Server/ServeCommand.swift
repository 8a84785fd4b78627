import ArgumentParser
import Foundation
import Logging
import PsetBank
import PsetCourse
import PsetService

extension Pset {
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the pset service: the HTTP API and the grading workers.",
            discussion:
                "Stops on SIGTERM or SIGINT after the gradings in flight finish; queued ones wait for the next start. "
                + "A second signal stops at once: the gradings in flight go back to the queue.")

        @Option(help: "The address to listen on.")
        var host = "127.0.0.1"

        @Option(help: "The port to listen on; 0 picks a free one.")
        var port = 8080

        @Option(help: "Submissions graded at once (default: one per core); 0 leaves grading to `pset worker` hosts.")
        var workers: Int?

        /// The workers in force: `--workers`, else one per core.
        var workerCount: Int { workers ?? ProcessInfo.processInfo.activeProcessorCount }

        @Option(help: "Requests per second each student may make, on average.")
        var rate = ServiceLimits().requestsPerSecond

        @Option(help: "Seconds one grading may take before it is stopped and recorded as an error.")
        var gradingTimeout = Int(ServerConfiguration.defaultGradingTimeout.components.seconds)

        @Option(help: "Seconds a grading job stays its worker's without a heartbeat; workers renew every third of it.")
        var lease = Int(ServerConfiguration.defaultLease.components.seconds)

        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            guard (0...65535).contains(port) else { throw ValidationError("the port must be between 0 and 65535") }
            guard workerCount >= 0 else { throw ValidationError("--workers must be 0 or more") }
            guard lease >= 1 else { throw ValidationError("--lease must be at least 1 second") }
            guard rate > 0 else { throw ValidationError("--rate must be positive") }
            guard gradingTimeout >= 1 else { throw ValidationError("--grading-timeout must be at least 1 second") }
        }

        /// What the server says when a signal starts its stop: the gradings it waits for, and how not to wait.
        static func stoppingNotice(_ inFlight: [InFlightGrading], at now: Date = Date()) -> String {
            guard !inFlight.isEmpty else { return "pset serve: stopping; no grading in flight" }
            let count = inFlight.count == 1 ? "1 grading" : "\(inFlight.count) gradings"
            return "pset serve: stopping; waiting for \(count) in flight: "
                + inFlight.map { $0.described(at: now) }.joined(separator: "; ")
                + ". Press Ctrl-C again to stop now (they go back to the queue for the next start)."
        }

        func run() async throws {
            LoggingSystem.bootstrap(StreamLogHandler.standardError)
            var logger = Logger(label: "pset.serve")
            logger.logLevel = .notice
            let course = try Course(bank: .builtIn, database: database.open(), grader: CourseGrader.shared)
            var limits = ServiceLimits()
            limits.requestsPerSecond = rate
            limits.burst = max(limits.burst, rate * 3)
            let server = PsetServer(
                course: course,
                configuration: ServerConfiguration(
                    host: host, port: port, workers: workerCount, limits: limits,
                    gradingTimeout: .seconds(gradingTimeout), lease: .seconds(lease), heartbeat: .seconds(lease) / 3),
                logger: logger)
            let path = database.displayName
            do {
                try await server.run { host, port in
                    note(
                        "pset serve: listening on http://\(host):\(port) with \(workerCount) grading worker(s), database \(path)"
                    )
                } onStopping: { inFlight in
                    note(Self.stoppingNotice(inFlight))
                }
            } catch is PsetServer.StopNow {
                note("pset serve: stopped at once; what was being graded is back in the queue for the next start")
            }
        }
    }
}
