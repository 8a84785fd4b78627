import ArgumentParser
import Foundation
import PsetStore

extension Pset.Admin {
    struct Queue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show how many coding submissions are queued, being graded, graded, and could not be graded.")

        @OptionGroup var admin: AdminOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let counts = try await admin.backend().queue()
            try output.emit(counts) { counts, _ in
                "\(counts.queued) queued, \(counts.running) being graded, \(counts.done) graded"
                    + (counts.failed > 0 ? " (\(counts.failed) could not be graded; the server's log says why)" : "")
            }
        }
    }
}
