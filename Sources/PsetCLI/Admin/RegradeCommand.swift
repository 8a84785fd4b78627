import ArgumentParser
import Foundation
import PsetCourse
import PsetModel
import PsetService

extension Pset.Admin {
    struct Regrade: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Grade every stored submission of a coding task again, with its stored seed; report changes.",
            discussion: "Each regrade adds a grading; the attempts themselves are never changed.")

        @Argument(help: "The coding task's id.")
        var id: String

        @OptionGroup var admin: AdminOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let report = try await admin.backend().regrade(id)
            try output.emit(report) { report, terminal in
                var lines = [
                    "Regraded \(report.regraded) submission(s) of \(report.id); \(report.changed.count) changed."
                ]
                for change in report.changed {
                    lines.append(
                        "  \(change.student) attempt \(change.attempt): "
                            + "\(change.before.map(\.decimalText) ?? "ungraded") → \(change.after.decimalText)"
                            + terminal.dim(" (\(change.verdict.rawValue))"))
                }
                return lines.joined(separator: "\n")
            }
        }
    }
}
