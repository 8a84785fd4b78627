import ArgumentParser
import Foundation
import PsetGrader
import PsetModel

extension Pset {
    /// `pset check`: the thread-safety checks on any C program with a `main`, outside any problem.
    ///
    /// Like a sanitizer or a linter it exits 0 when it found no problem, 1 when it found one, 2 when it could
    /// not check (a file it cannot read, a compile error, a sandbox that cannot run) and 64 for a usage mistake.
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Check any C program with a main for data races, deadlocks, crashes and failed assertions.",
            usage: "pset check <files> ... [--json] [--schedules <schedules>] [--seed <seed>] [-- <argument> ...]",
            discussion: """
                The program runs under SCHEDULES different thread schedules, then once built with \
                ThreadSanitizer, with the arguments after -- and with this command's standard input (when it is \
                not a terminal). Files the sources include with #include "name" are taken from beside them. A \
                failing schedule prints a seed; --seed replays exactly that schedule. Exit status: 0 when no \
                problem was found, 1 when one was, 2 when the program could not be checked, 64 for a usage \
                mistake.
                """
        )

        /// The files, then whatever followed `--`, which the parser appends: `program` splits them.
        @Argument(help: "The program's C files (and any header to include), then -- and the program's arguments.")
        var files: [String]

        @Option(help: "How many thread schedules to explore.")
        var schedules = 100

        @Option(help: "Replay one schedule: a seed (s1-...) printed by an earlier check.")
        var seed: String?

        @Flag(help: "Also print the raw ThreadSanitizer report behind a race.")
        var details = false

        @OptionGroup var output: OutputOptions

        /// The most standard input a check passes on.
        static let inputLimit = 16 << 20

        func validate() throws {
            guard schedules >= 1, schedules <= 100_000 else {
                throw ValidationError("--schedules must be between 1 and 100000")
            }
            if let seed, SeedToken(seed) == nil {
                throw ValidationError("\(seed) is not a seed; seeds look like s1-0123456789abcdef")
            }
        }

        /// The files to check and the program's arguments: the last of `files` are those that followed `--` in
        /// `commandLine`, since a second list of positional arguments cannot follow the first.
        func program(commandLine: [String]) -> (files: [String], arguments: [String]) {
            let passed = commandLine.firstIndex(of: "--").map { min(commandLine.count - $0 - 1, files.count) } ?? 0
            return (Array(files.dropLast(passed)), Array(files.suffix(passed)))
        }

        func run() async throws {
            let report: ProgramCheckReport
            let (paths, arguments) = program(commandLine: CommandLine.arguments)
            do {
                let (named, included) = try SourceFile.readWithIncludes(paths)
                let sources = named.filter { $0.name.hasSuffix(".c") }
                guard !sources.isEmpty else { throw SourceFileError("give at least one .c file to check") }
                let input = try Self.standardInput()
                let progress = ProgressLine()
                defer { progress.finish() }
                report = try await Grader().check(
                    sources: sources, companions: named.filter { !$0.name.hasSuffix(".c") } + included,
                    arguments: arguments, input: input, schedules: schedules, seed: seed, progress: progress.show)
            } catch {
                FileHandle.standardError.write(Data("error: cannot check the program: \(error)\n".utf8))
                throw ExitCode(2)
            }
            try output.emit(report) { report, terminal in
                let verdict = report.verdict.rawValue
                let runs = "\(report.runs) run\(report.runs == 1 ? "" : "s")"
                var lines = ["\(report.verdict == .ok ? terminal.green(verdict) : terminal.red(verdict)) after \(runs)"]
                if let seed = report.seed { lines.append("seed: \(seed)") }
                lines.append(report.report)
                lines += traceText(report.trace ?? [], indent: "", terminal)
                if let detail = report.detail {
                    lines.append(
                        details ? "\n" + detail : terminal.dim("(--details shows the full ThreadSanitizer report)"))
                }
                return lines.joined(separator: "\n")
            }
            switch report.verdict {
            case .ok: return
            case .compileError: throw ExitCode(2)
            case .assertion, .crash, .deadlock, .race, .timeout: throw ExitCode(1)
            }
        }

        /// This command's standard input, for the program; nothing when it is a terminal.
        private static func standardInput() throws -> String {
            guard isatty(STDIN_FILENO) == 0 else { return "" }
            var bytes: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { break }
                bytes += buffer[0..<count]
                guard bytes.count <= inputLimit else {
                    throw SourceFileError("standard input is over \(inputLimit >> 20) MiB; give the program less")
                }
            }
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw SourceFileError("standard input is not UTF-8 text, which is all pset check passes on")
            }
            return text
        }
    }
}
