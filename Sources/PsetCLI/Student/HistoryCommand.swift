import ArgumentParser
import Foundation
import PsetCourse
import PsetModel

extension Pset {
    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List your attempts: when, score, verdict, and whether they were late.")

        @Argument(help: "Only the attempts at this problem.", completion: ProblemCompletion.any)
        var id: String?

        @Option(name: .customLong("student"), help: "TA: whose attempts to show (default: yours).")
        var subject: String?

        @OptionGroup var student: StudentOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let entries = try await student.backend(about: subject).history(id)
            try output.emit(entries) { entries, terminal in
                guard !entries.isEmpty else { return id.map { "No attempts at \($0) yet." } ?? "No attempts yet." }
                let formatter = ISO8601DateFormatter()
                return entries.map { entry in
                    let outcome =
                        entry.correct.map { $0 ? terminal.green("correct") : terminal.red("incorrect") }
                        ?? entry.verdict.map { $0 == "passed" ? terminal.green($0) : terminal.red($0) } ?? ""
                    let score = entry.score.map { "\($0.decimalText)/\(entry.maxScore.decimalText)" } ?? "-"
                    return "\(entry.id) #\(entry.attempt)  \(formatter.string(from: entry.at))  \(score)  \(outcome)"
                        + StandingText.late(entry.late, entry.latePenalty, maxScore: entry.maxScore, terminal)
                }.joined(separator: "\n")
            }
        }
    }
}
