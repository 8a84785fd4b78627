import ArgumentParser
import Foundation
import PsetGrader
import PsetModel

extension Pset {
    /// `pset check`: the thread-safety checks on any C program with a `main`, outside any problem.
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Check any C program with a main for data races, deadlocks, crashes and failed assertions.",
            discussion: """
                The program is built with ThreadSanitizer and run once, then run under SCHEDULES different \
                thread schedules. A failing schedule prints a seed; --seed replays exactly that schedule. \
                Headers (*.h) beside the given files are included.
                """
        )

        @Argument(help: "The program's C files.")
        var files: [String]

        @Option(help: "How many thread schedules to explore.")
        var schedules = 100

        @Option(help: "Replay one schedule: a seed (s1-...) printed by an earlier check.")
        var seed: String?

        @Flag(help: "Also print the raw ThreadSanitizer report behind a race.")
        var details = false

        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard schedules >= 1, schedules <= 100_000 else {
                throw ValidationError("--schedules must be between 1 and 100000")
            }
            if let seed, SeedToken(seed) == nil {
                throw ValidationError("\(seed) is not a seed; seeds look like s1-0123456789abcdef")
            }
        }

        func run() async throws {
            let sources = try SourceFile.readWithHeadersBeside(files)
            let progress = ProgressLine()
            let report: ProgramCheckReport
            do {
                report = try await Grader().check(
                    files: sources, schedules: schedules, seed: seed, progress: progress.show)
            } catch {
                progress.finish()
                throw ValidationError("cannot check the program: \(error)")
            }
            progress.finish()
            try output.emit(report) { report, terminal in
                let verdict = report.verdict.rawValue
                let runs = "\(report.runs) run\(report.runs == 1 ? "" : "s")"
                var lines = ["\(report.verdict == .ok ? terminal.green(verdict) : terminal.red(verdict)) after \(runs)"]
                if let seed = report.seed { lines.append("seed: \(seed)") }
                lines.append(report.report)
                if let detail = report.detail {
                    lines.append(
                        details ? "\n" + detail : terminal.dim("(--details shows the full ThreadSanitizer report)"))
                }
                return lines.joined(separator: "\n")
            }
        }
    }
}
