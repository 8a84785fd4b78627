import ArgumentParser
import Foundation
import PsetCourse
import PsetModel

extension Pset {
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show one problem; its answer and explanation appear after your first attempt (at once for a TA)."
        )

        @Argument(help: "The problem's id, such as ipc/shmget-vs-shmat.", completion: ProblemCompletion.any)
        var id: String

        @OptionGroup var student: StudentOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let problem = try await student.backend().show(id)
            try output.emit(problem) { problem, terminal in
                var text = terminal.bold("\(problem.id) — \(problem.title)") + "\n"
                text +=
                    terminal.dim(
                        "\(problem.format ?? "coding task") · \(problem.points.decimalText) point(s) · "
                            + problem.topics.map(\.rawValue).joined(separator: ", ")) + "\n\n"
                text += problem.prompt + "\n"
                for choice in problem.choices ?? [] {
                    text += "\n  \(terminal.bold(choice.key))) \(choice.text)"
                }
                if let files = problem.files {
                    text +=
                        "\nSubmit: \(files.joined(separator: " ")) — `pset start \(problem.id)` writes the starter files."
                }
                var standing = ["Attempts: \(problem.attempts)"]
                if let left = StandingText.attemptsLeft(problem.attemptsLeft, of: problem.maxAttempts) {
                    standing.append(left)
                }
                if problem.attempts > 0 {
                    standing.append(
                        "score \(problem.score.decimalText)/\(problem.points.decimalText) "
                            + "(\(StandingText.scoring(problem.scoring)), after the late rule)")
                } else {
                    standing.append(StandingText.scoring(problem.scoring))
                }
                text += "\n\n" + terminal.dim(standing.joined(separator: " · "))
                text += "\n" + terminal.dim(StandingText.schedule(due: problem.due, rule: problem.lateRule))
                if let answer = problem.answer {
                    text += "\n\n" + terminal.green("Answer: \(answer)")
                }
                if let explanation = problem.explanation {
                    text += "\n\n" + explanation
                }
                if let reference = problem.reference {
                    text += "\n\n" + terminal.dim("Reference solution: \(reference.joined(separator: " ")) (TAs only)")
                }
                return text
            }
        }
    }
}
