import ArgumentParser
import Foundation
import PsetService

extension Pset.Admin {
    struct Extensions: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the extensions granted, with each set's own due date.")

        @Option(help: "Only this set's.")
        var set: String?

        @Option(help: "Only this student's.")
        var student: String?

        @OptionGroup var admin: AdminOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let extensions = try await admin.backend().extensions(set: set, student: student)
            try output.emit(extensions) { extensions, terminal in
                guard !extensions.isEmpty else { return "No extensions granted." }
                return extensions.map { grant in
                    "\(grant.student)\t\(grant.set)\tuntil \(grant.until.formatted(.iso8601))"
                        + terminal.dim(
                            grant.due.map { "\t(set due \($0.formatted(.iso8601)))" } ?? "\t(the set has no due date)")
                }.joined(separator: "\n")
            }
        }
    }
}
