import ArgumentParser
import Foundation
import PsetCourse
import PsetModel

extension Pset {
    struct Feedback: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the stored result of one of your attempts, with what you handed in.")

        @Argument(help: "The problem's id.", completion: ProblemCompletion.any)
        var id: String

        @Option(help: "The attempt's number (default: the latest).")
        var attempt: Int?

        @Option(name: .customLong("student"), help: "TA: whose attempts to show (default: yours).")
        var subject: String?

        @OptionGroup var student: StudentOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let feedback = try await student.backend(about: subject).feedback(id, attempt: attempt)
            try output.emit(feedback) { feedback, terminal in
                if let result = feedback.submission {
                    var text = submitText(result, heading: "attempt \(result.attempt)", terminal)
                    for file in feedback.files {
                        text += "\n\n" + terminal.bold("── \(file.name)") + "\n" + file.contents
                    }
                    return text
                }
                guard let result = feedback.answer else { return "" }
                var lines = [answerHeading(result, terminal)]
                if let response = feedback.response { lines.append("Your answer: \(response)") }
                if let answer = result.answer { lines.append("Answer: \(answer)") }
                if let explanation = result.explanation { lines.append(explanation) }
                return lines.joined(separator: "\n")
            }
        }
    }
}
