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
                "Stops on SIGTERM or SIGINT after the gradings in flight finish; queued ones wait for the next start.")

        @Option(help: "The address to listen on.")
        var host = "127.0.0.1"

        @Option(help: "The port to listen on; 0 picks a free one.")
        var port = 8080

        @Option(help: "Submissions graded at once (default: one per core).")
        var workers = ProcessInfo.processInfo.activeProcessorCount

        @Option(help: "Requests per second each student may make, on average.")
        var rate = ServiceLimits().requestsPerSecond

        @Option(help: "Seconds one grading may take before it is stopped and recorded as an error.")
        var gradingTimeout = Int(ServerConfiguration.defaultGradingTimeout.components.seconds)

        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            guard (0...65535).contains(port) else { throw ValidationError("the port must be between 0 and 65535") }
            guard workers >= 1 else { throw ValidationError("--workers must be at least 1") }
            guard rate > 0 else { throw ValidationError("--rate must be positive") }
            guard gradingTimeout >= 1 else { throw ValidationError("--grading-timeout must be at least 1 second") }
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
                    host: host, port: port, workers: workers, limits: limits,
                    gradingTimeout: .seconds(gradingTimeout)),
                logger: logger)
            let path = database.path
            try await server.run { host, port in
                note(
                    "pset serve: listening on http://\(host):\(port) with \(workers) grading worker(s), database \(path)"
                )
            }
        }
    }
}
