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

        @Argument(help: "The question's id.", completion: ProblemCompletion.question)
        var id: String

        @Argument(help: "The answer.")
        var values: [String] = []

        @OptionGroup var student: StudentOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let result = try await student.backend().answer(id, values)
            try output.emit(result) { result, terminal in
                var text = answerHeading(result, terminal)
                if let left = StandingText.attemptsLeft(result.attemptsLeft) { text += "\n" + terminal.dim(left) }
                if let answer = result.answer { text += "\n\nAnswer: " + terminal.bold(answer.description) }
                if let explanation = result.explanation { text += "\n\n" + explanation }
                return text
            }
        }
    }
}

/// The first line of an answer's result: right or not, the attempt, its score, what the late rule took, and the
/// problem's score when another attempt is the one that counts.
func answerHeading(_ result: AnswerResult, _ terminal: Terminal) -> String {
    (result.correct ? terminal.green("Correct") : terminal.red("Not correct"))
        + " — attempt \(result.attempt), \(result.score.decimalText)/\(result.maxScore.decimalText)"
        + StandingText.late(result.late, result.latePenalty, maxScore: result.maxScore, terminal)
        + StandingText.counted(
            score: result.score, problemScore: result.problemScore, scoring: result.scoring,
            maxScore: result.maxScore, terminal)
}
