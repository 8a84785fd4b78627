import ArgumentParser
import Foundation
import PsetCourse
import PsetModel

extension Pset {
    struct Answer: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Answer a question: choice keys, a number, true/false or text.",
            discussion:
                "Give several keys for a multiple-select question (`a c` or `a,c`). Put `--` before a negative number.")

        @Argument(help: "The question's id.")
        var id: String

        @Argument(help: "The answer.")
        var values: [String] = []

        @OptionGroup var student: StudentOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let result = try await student.backend().answer(id, values)
            try output.emit(result) { result, terminal in
                var text =
                    (result.correct ? terminal.green("Correct") : terminal.red("Not correct"))
                    + " — attempt \(result.attempt), \(result.score.decimalText)/\(result.maxScore.decimalText)"
                if result.late { text += terminal.yellow(" (late)") }
                if let answer = result.answer { text += "\n\nAnswer: " + terminal.bold(answer.description) }
                if let explanation = result.explanation { text += "\n\n" + explanation }
                return text
            }
        }
    }
}
