import ArgumentParser
import Foundation
import PsetCourse
import PsetModel

extension Pset {
    struct Grades: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show your scores per set and in total.")

        @OptionGroup var student: StudentOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let report = try await student.backend().grades()
            try output.emit(report) { report, terminal in
                var lines = [terminal.bold("Grades for \(report.student)")]
                for set in report.sets {
                    let id = set.id.padding(toLength: 10, withPad: " ", startingAt: 0)
                    lines.append(
                        "  \(id) \(set.score.decimalText)/\(set.points.decimalText)"
                            + terminal.dim("  \(set.attempted) of \(set.problems) tried · \(set.title)"))
                    lines.append(
                        "             " + terminal.dim(StandingText.schedule(due: set.due, rule: set.lateRule)))
                }
                lines.append(
                    terminal.bold(
                        "  total      \(report.score.decimalText)/\(report.points.decimalText)"
                            + "  (\(String(format: "%.1f", report.percent))%)"))
                lines.append(
                    terminal.dim("Scores are after each set's late rule, from the attempt each problem counts."))
                return lines.joined(separator: "\n")
            }
        }
    }
}
