import ArgumentParser
import Foundation
import PsetStore

extension Pset.Admin {
    struct Queue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show how many coding submissions are queued, being graded, and graded.")

        @OptionGroup var admin: AdminOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let counts = try await admin.backend().queue()
            try output.emit(counts) { counts, _ in
                "\(counts.queued) queued, \(counts.running) being graded, \(counts.done) graded"
            }
        }
    }
}
