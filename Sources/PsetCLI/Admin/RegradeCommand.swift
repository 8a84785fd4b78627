import ArgumentParser
import Foundation
import PsetCourse
import PsetModel
import PsetService

extension Pset.Admin {
    struct Regrade: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Grade every stored attempt at a problem again; report whose score changed.",
            discussion:
                "A coding task's submissions are graded again with their stored seeds and hidden-test parameters; a "
                + "question's answers are checked against the current answer key, each on the variant (numbers and "
                + "choice order) its student saw. Each regrade adds a grading; the attempts themselves never change. "
                + "Progress goes to stderr as it goes, locally and over HTTP.")

        @Argument(help: "The problem's id.")
        var id: String

        @OptionGroup var admin: AdminOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let line = RegradeProgressLine(id: id)
            let report = try await admin.backend().regrade(id) { line.show($0) }
            line.finish()
            try output.emit(report) { report, terminal in
                var lines = [
                    "Regraded \(report.regraded) attempt(s) at \(report.id); \(report.changed.count) score(s) moved"
                        + (report.changed.isEmpty ? "." : ": \(report.raised) up, \(report.lowered) down.")
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
