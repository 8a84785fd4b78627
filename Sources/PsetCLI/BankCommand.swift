import ArgumentParser
import Foundation
import PsetBank
import PsetGrader
import PsetModel

extension Pset {
    /// `pset bank`: commands about the problem bank itself.
    struct BankCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bank",
            abstract: "Check the problem bank.",
            subcommands: [Verify.self]
        )
    }
}

extension Pset.BankCommand {
    /// `pset bank verify`: every variant of every question is well-formed; every reference passes and every mutant
    /// fails, graded by the real grader, for each draw of its task's hidden-test parameters.
    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check every question's variants, and grade every coding task's reference and mutants.",
            discussion: """
                A parameterised question is checked over its whole parameter space (or 200 sampled draws when it \
                has more than 1,000): its answer must be well-formed and graded correct in any choice order, its \
                choices distinct, its explanation present. A coding task's reference must pass every test and each \
                mutant must fail the tests it names, for every draw of its hidden-test parameters (or --draws of \
                them). Exits with a non-zero status when anything does not hold.
                """
        )

        @Option(name: .customLong("problem"), help: "Verify only this problem (repeatable).")
        var problems: [String] = []

        @Option(help: "How many times to grade each reference; it must pass every time.")
        var repeats = 1

        @Option(help: "Grade a coding task on every draw of its parameters up to this many, else on this many sampled.")
        var draws = 16

        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard repeats >= 1 else { throw ValidationError("--repeats must be at least 1") }
            guard draws >= 1 else { throw ValidationError("--draws must be at least 1") }
        }

        func run() async throws {
            let bank = Bank.builtIn
            for id in problems where bank.problem(id) == nil {
                throw ValidationError("\(id) is not a problem of the bank")
            }
            let selected = bank.problems.filter { problems.isEmpty || problems.contains($0.id) }
            var results: [BankVerification] = []
            func record(_ result: BankVerification) {
                results.append(result)
                if !output.json { Self.show(result) }
            }
            for problem in selected {
                let started = Date()
                let report = problem.checkVariants()
                // Fixed problems are reported only when something is wrong; their grading follows.
                if problem.isParameterised || !report.holds {
                    record(
                        BankVerification(
                            problemID: problem.id, subject: "variants", holds: report.holds,
                            message: report.holds
                                ? "\(report.extent) hold" : report.issues.prefix(5).joined(separator: "; "),
                            score: report.holds ? problem.points : 0, maxScore: problem.points,
                            seconds: Date().timeIntervalSince(started)))
                }
            }
            let grader = Grader()
            let tasks = selected.filter { $0.codingTask != nil }
            for problem in tasks {
                for draw in problem.parameterDraws(limit: draws, sample: draws).draws {
                    guard let task = draw.problem.codingTask else { continue }
                    let label = draw.variant.parameters.isEmpty ? "" : " (\(draw.variant.parameterText))"
                    for _ in 0..<repeats {
                        var result = await grader.verifyReference(of: task, problemID: problem.id)
                        result.subject += label
                        record(result)
                    }
                    for mutant in task.mutants {
                        var result = await grader.verifyMutant(mutant, of: task, problemID: problem.id)
                        result.subject += label
                        record(result)
                    }
                }
            }
            let failures = results.filter { !$0.holds }.count
            let parameterised = selected.filter { $0.question != nil && $0.isParameterised }.count
            try output.emit(results) { results, _ in
                "\(results.count - failures) of \(results.count) hold (\(tasks.count) coding tasks, "
                    + "\(parameterised) parameterised questions)"
            }
            if failures > 0 { throw ExitCode.failure }
        }

        /// One line per verification as it completes, so a long run shows where it is.
        private static func show(_ result: BankVerification) {
            let terminal = Terminal.standardOutput
            let seconds = String(format: "%.2f", result.seconds)
            let mark = result.holds ? terminal.green("ok  ") : terminal.red("FAIL")
            print("\(mark) \(result.problemID) \(result.subject): \(result.message) (\(seconds) s)")
        }
    }
}
