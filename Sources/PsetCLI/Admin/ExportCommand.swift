import ArgumentParser
import Foundation
import PsetService

extension ExportFormat: ExpressibleByArgument {}

extension Pset.Admin {
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the gradebook: csv (one row per student), canvas (Canvas's import layout) or json.")

        @Option(help: "Only this set.")
        var set: String?

        @Option(help: "csv, canvas or json.")
        var format: ExportFormat = .csv

        @OptionGroup var admin: AdminOptions

        func run() async throws {
            let text = try await admin.backend().export(set: set, format: format)
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}
