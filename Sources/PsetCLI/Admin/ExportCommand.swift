import ArgumentParser
import Foundation
import PsetService

extension ExportFormat: ExpressibleByArgument {}

extension Pset.Admin {
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the gradebook: csv (one row per student), canvas (Canvas's import layout) or json.",
            discussion:
                "With canvas, each student Canvas cannot match (no sis_user_id, sis_login_id or lms_id) gets a warning "
                + "on stderr; the gradebook is printed all the same.")

        @Option(help: "Only this set.")
        var set: String?

        @Option(help: "csv, canvas or json.")
        var format: ExportFormat = .csv

        @OptionGroup var admin: AdminOptions

        func run() async throws {
            let book = try await admin.backend().export(set: set)
            if format == .canvas {
                // Canvas matches a row by one of these ids; a row with none is one it cannot import.
                for student in book.unmatchedInCanvas {
                    FileHandle.standardError.write(
                        Data(
                            ("pset: warning: \(student.id) (\(student.name)) has no sis_user_id, sis_login_id or lms_id; "
                                + "Canvas cannot match their row (add them to the roster and import it again)\n").utf8))
                }
            }
            FileHandle.standardOutput.write(Data(try book.rendered(as: format).utf8))
        }
    }
}
