import ArgumentParser
import Foundation
import PsetCourse
import PsetModel

extension Pset {
    struct Problems: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List every problem, with your attempts and score.")

        @OptionGroup var student: StudentOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let problems = try await student.backend().problems()
            try output.emit(problems) { problems, terminal in
                var lines: [String] = []
                var currentSet = ""
                for problem in problems {
                    if problem.set != currentSet {
                        currentSet = problem.set
                        lines.append(
                            (lines.isEmpty ? "" : "\n") + terminal.bold(problem.set) + "  "
                                + terminal.dim(StandingText.schedule(due: problem.due, rule: problem.lateRule)))
                    }
                    var tried =
                        problem.attempts == 0 ? [] : ["\(problem.attempts) attempt\(problem.attempts == 1 ? "" : "s")"]
                    if let left = StandingText.attemptsLeft(problem.attemptsLeft) { tried.append(left) }
                    let standing =
                        (problem.attempts == 0
                            ? terminal.dim("not tried") : "\(problem.score.decimalText)/\(problem.points.decimalText)")
                        + (tried.isEmpty ? "" : terminal.dim(" (\(tried.joined(separator: ", ")))"))
                    let id = problem.id.padding(toLength: 34, withPad: " ", startingAt: 0)
                    let kind = problem.kind.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)
                    lines.append("  \(id) \(terminal.dim(kind)) \(problem.title)  \(standing)")
                }
                return lines.joined(separator: "\n")
            }
        }
    }
}
