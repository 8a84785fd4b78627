import ArgumentParser
import Foundation
import PsetCourse
import PsetModel

extension Pset.Admin {
    struct VariantCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "variant",
            abstract: "Show one student's variant of a problem: parameters, choices with the bank's keys, answer.",
            discussion:
                "Each student sees parameterised questions with numbers of their own, choices in an order of their "
                + "own, and coding tasks with hidden-test parameters of their own; this shows what the student saw, "
                + "the answer to it, and each attempt in their keys and in the bank's.")

        @Argument(help: "The problem's id.")
        var id: String

        @Argument(help: "The student's id.")
        var student: String

        @OptionGroup var admin: AdminOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let view = try await admin.backend().variant(id, of: student)
            try output.emit(view) { view, terminal in
                var lines = [terminal.bold("\(view.id) — \(view.title)") + terminal.dim("  as \(view.student) sees it")]
                if !view.variant.parameters.isEmpty {
                    lines.append(terminal.dim("Parameters: \(view.variant.parameterText)"))
                }
                lines.append("\n" + view.prompt)
                for choice in view.choices ?? [] {
                    let mark = choice.correct ? terminal.green(" ✓") : ""
                    lines.append(
                        "  \(terminal.bold(choice.key))) \(choice.text)" + terminal.dim("  [bank: \(choice.bankKey)]")
                            + mark)
                }
                for test in view.tests ?? [] {
                    lines.append(
                        "  \(test.name)\(test.hidden ? " (hidden)" : ""): "
                            + (test.arguments.isEmpty
                                ? terminal.dim("no arguments") : test.arguments.joined(separator: " ")))
                }
                if let answer = view.answer { lines.append("\n" + terminal.green("Answer: \(answer)")) }
                if let explanation = view.explanation { lines.append("\n" + explanation) }
                lines.append("")
                if view.attempts.isEmpty { lines.append(terminal.dim("No attempts yet.")) }
                for attempt in view.attempts {
                    var line = "Attempt \(attempt.attempt)"
                    if let response = attempt.response {
                        line += ": \(response)"
                        if let bank = attempt.bankResponse, bank != response {
                            line += terminal.dim(" (bank: \(bank))")
                        }
                    }
                    line += " — " + (attempt.score.map(\.decimalText) ?? "ungraded")
                    if attempt.variant != view.variant, let made = attempt.variant {
                        line += terminal.dim(" on another variant: \(made.parameterText)")
                    }
                    lines.append(line)
                }
                return lines.joined(separator: "\n")
            }
        }
    }
}
