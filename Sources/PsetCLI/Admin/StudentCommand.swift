import ArgumentParser
import Foundation
import PsetCourse
import PsetModel
import PsetService

extension Pset.Admin {
    struct Student: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show one student: who they are, their extensions and grades, and each problem they tried.",
            discussion:
                "Each problem shows the attempts, the score in force and the latest attempt's verdict. "
                + "`pset admin variant PROBLEM STUDENT` shows their variant and answers; "
                + "`pset feedback PROBLEM --student STUDENT [--attempt N]` an attempt's feedback and files, and "
                + "`pset history --student STUDENT` every attempt.")

        @Argument(help: "The student's id.")
        var id: String

        @OptionGroup var admin: AdminOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let record = try await admin.backend().student(id)
            try output.emit(record) { record, terminal in
                let person = record.person
                var lines = [
                    terminal.bold("\(person.id) — \(person.name)")
                        + terminal.dim("  section \(person.section.isEmpty ? "none" : person.section), \(person.email)")
                ]
                let ids = [
                    ("SIS user id", person.sisUserID), ("SIS login", person.sisLoginID), ("Canvas id", person.lmsID),
                ]
                .compactMap { name, id in id.map { "\(name) \($0)" } }
                lines.append(
                    terminal.dim(
                        (ids.isEmpty ? "no SIS ids" : ids.joined(separator: " · "))
                            + (person.token ? "" : " · no token")))
                for grant in record.extensions {
                    lines.append(
                        "Extension: \(grant.set) until \(grant.until.formatted(.iso8601))"
                            + terminal.dim(grant.due.map { " (set due \($0.formatted(.iso8601)))" } ?? ""))
                }
                let grades = record.grades
                lines.append(
                    "Grades: "
                        + grades.sets.map { "\($0.id) \($0.score.decimalText)/\($0.points.decimalText)" }
                        .joined(separator: ", ")
                        + "; total \(grades.score.decimalText)/\(grades.points.decimalText) (\(grades.percent.decimalText)%)"
                )
                let tried = record.problems.filter { $0.attempts > 0 }
                lines.append("")
                if tried.isEmpty { lines.append(terminal.dim("No attempts yet.")) }
                for standing in tried {
                    var line =
                        "\(standing.id)\t\(standing.attempts) attempt(s)\t\(standing.score.decimalText)/\(standing.points.decimalText)"
                    if let latest = standing.latest {
                        let outcome = latest.correct.map { $0 ? "correct" : "incorrect" } ?? latest.verdict ?? ""
                        line += terminal.dim("\tlatest: \(outcome), \(latest.at.formatted(.iso8601))")
                        if latest.late { line += terminal.yellow(" (late)") }
                    }
                    lines.append(line)
                }
                lines.append("")
                lines.append(
                    terminal.dim(
                        "Answers and variant: pset admin variant PROBLEM \(person.id). Files and feedback: "
                            + "pset feedback PROBLEM --student \(person.id) [--attempt N]."))
                return lines.joined(separator: "\n")
            }
        }
    }
}
