import ArgumentParser
import Foundation
import PsetCourse
import PsetModel

extension Pset {
    struct Submit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Submit files for a coding task and see how they did.")

        @OptionGroup var submission: SubmissionArguments
        @OptionGroup var student: StudentOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let (id, seed, files) = (submission.id, submission.seed, try submission.read())
            var result = try await ProgressLine.showing { progress in
                try await student.backend().submit(id, files: files, seed: seed, progress: progress)
            }
            result.replay = result.seed.map { submission.replay("submit", seed: $0) }
            try output.emit(result) { result, terminal in
                submitText(result, heading: "attempt \(result.attempt)", terminal)
            }
        }
    }
}

/// The text of a graded submission, or of a run of the public tests: verdict, compiler output, checks, replay.
func submitText(_ result: SubmitResult, heading: String, _ terminal: Terminal) -> String {
    var lines = [
        "\(verdictText(result.verdict, terminal)) — \(heading), "
            + "\(result.score.decimalText)/\(result.maxScore.decimalText)"
            + StandingText.late(result.late, result.latePenalty, maxScore: result.maxScore, terminal)
            + StandingText.counted(
                score: result.score, problemScore: result.problemScore, scoring: result.scoring,
                maxScore: result.maxScore, terminal)
    ]
    if let compiler = result.compilerOutput {
        lines.append(compiler.trimmingCharacters(in: .newlines))
    }
    for check in result.checks {
        let mark = check.passed ? terminal.green("✓") : terminal.red("✗")
        lines.append("  \(mark) \(check.name)" + (check.message.isEmpty ? "" : ": \(check.message)"))
        lines += traceText(check.trace ?? [], indent: "      ", terminal)
    }
    if let replay = result.replay {
        lines.append(terminal.dim("Replay the failing schedule: \(replay)"))
    }
    if let left = StandingText.attemptsLeft(result.attemptsLeft) { lines.append(terminal.dim(left)) }
    return lines.joined(separator: "\n")
}

/// What `pset submit` and `pset test` take: a coding task, the files, and a schedule to replay.
struct SubmissionArguments: ParsableArguments {
    @Argument(help: "The coding task's id.", completion: ProblemCompletion.coding)
    var id: String

    @Argument(
        help: "The files, named as the task names them (such as counter.c).", completion: ProblemCompletion.sources)
    var files: [String] = []

    @Option(help: "Replay the schedule with this seed (from an earlier result).")
    var seed: String?

    /// The files' contents, each under its base name.
    func read() throws -> [SourceFile] { try files.map(SourceFile.read) }

    /// The command that replays `seed`, with the file paths as the student typed them, so it runs as printed.
    func replay(_ command: String, seed: String) -> String {
        (["pset", command, id] + files.map(shellQuoted) + ["--seed", seed]).joined(separator: " ")
    }
}

/// A word the shell reads back as itself.
func shellQuoted(_ word: String) -> String {
    let plain = word.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "/._-+=:@,".contains($0)) }
    return plain && !word.isEmpty ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
}

func verdictText(_ verdict: GradingOutcome.Verdict, _ terminal: Terminal) -> String {
    switch verdict {
    case .passed: terminal.green("Passed")
    case .failed: terminal.red("Failed")
    case .compileError: terminal.red("Does not compile")
    case .error: terminal.yellow("Could not be graded")
    }
}

extension SourceFile {
    /// Reads a file to submit; it is submitted under its base name.
    static func read(_ path: String) throws -> SourceFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("cannot read \(path)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ValidationError("\(path) is not UTF-8 text")
        }
        return SourceFile(name: URL(fileURLWithPath: path).lastPathComponent, contents: text)
    }
}
