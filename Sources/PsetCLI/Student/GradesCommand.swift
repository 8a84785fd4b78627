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
                }
                lines.append(
                    terminal.bold(
                        "  total      \(report.score.decimalText)/\(report.points.decimalText)"
                            + "  (\(String(format: "%.1f", report.percent))%)"))
                return lines.joined(separator: "\n")
            }
        }
    }
}
