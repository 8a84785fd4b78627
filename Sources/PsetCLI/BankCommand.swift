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
    /// `pset bank verify`: every reference passes and every mutant fails, graded by the real grader.
    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Grade every coding task's reference (must pass everything) and mutants (must fail).",
            discussion: "Exits with a non-zero status when any reference or mutant does not behave as declared."
        )

        @Option(name: .customLong("problem"), help: "Verify only this problem (repeatable).")
        var problems: [String] = []

        @Option(help: "How many times to grade each reference; it must pass every time.")
        var repeats = 1

        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard repeats >= 1 else { throw ValidationError("--repeats must be at least 1") }
        }

        func run() async throws {
            let bank = Bank.builtIn
            for id in problems where bank.problem(id)?.codingTask == nil {
                throw ValidationError("\(id) is not a coding task of the bank")
            }
            let tasks = bank.problems.filter { $0.codingTask != nil && (problems.isEmpty || problems.contains($0.id)) }
            let grader = Grader()
            var results: [BankVerification] = []
            for problem in tasks {
                guard let task = problem.codingTask else { continue }
                for _ in 0..<repeats {
                    results.append(await grader.verifyReference(of: task, problemID: problem.id))
                    if !output.json { Self.show(results[results.count - 1]) }
                }
                for mutant in task.mutants {
                    results.append(await grader.verifyMutant(mutant, of: task, problemID: problem.id))
                    if !output.json { Self.show(results[results.count - 1]) }
                }
            }
            let failures = results.filter { !$0.holds }.count
            try output.emit(results) { results, _ in
                "\(results.count - failures) of \(results.count) hold (\(tasks.count) coding tasks)"
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
