import ArgumentParser
import Foundation
import PsetService
import PsetStore

extension Pset.Admin {
    struct Queue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the coding submissions queued, being graded, and those the grader could not grade.",
            discussion:
                "Each job shows the student, the problem and attempt, its state since when, and the worker that took "
                + "it (host, process and worker number). Graded jobs are only counted.")

        @OptionGroup var admin: AdminOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let report = try await admin.backend().queue()
            try output.emit(report) { report, terminal in
                var lines = [
                    "\(report.queued) queued, \(report.running) being graded, \(report.done) graded"
                        + (report.failed > 0
                            ? " (\(report.failed) could not be graded; the server's log says why)" : "")
                ]
                for job in report.jobs {
                    var line =
                        "  \(job.student)\t\(job.problem) attempt \(job.attempt)\t"
                        + "\(job.state.rawValue) since \(job.since.formatted(.iso8601))"
                    if job.state != .queued, let worker = job.worker { line += terminal.dim("\ton \(worker)") }
                    if job.claims > 1 { line += terminal.yellow(" (taken \(job.claims) times)") }
                    lines.append(line)
                }
                return lines.joined(separator: "\n")
            }
        }
    }
}
