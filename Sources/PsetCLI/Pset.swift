import ArgumentParser
import Foundation

/// The `pset` command: students answer and submit, TAs run the course.
public struct Pset: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "pset",
        abstract: "Problem sets on inter-process communication and threads, graded as you go.",
        version: Pset.version,
        subcommands: [
            Problems.self, Show.self, Start.self, Answer.self, Submit.self, Test.self, History.self, Feedback.self,
            Grades.self, Check.self, Login.self, Logout.self, Serve.self, Admin.self, BankCommand.self,
            SandboxCommand.self, WorkerCommand.self,
        ]
    )

    /// Ends the program on a runtime error: one line on stderr, status 1.
    private static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("pset: \(message)\n".utf8))
        Foundation.exit(1)
    }

    /// The version `pset --version` prints.
    public static let version = "0.9.0"

    public init() {}
}

extension Pset {
    /// Parses the command line and runs the chosen command; errors become a one-line message and a non-zero exit.
    ///
    /// This is `AsyncParsableCommand.main()` spelled out, because top-level code in the executable would
    /// otherwise resolve to the synchronous overload.
    ///
    /// A mistake in the command line is a usage error (64, with the usage text); anything that goes wrong while
    /// the command runs (an unreadable file, an unknown problem, an unreachable server) is one line on stderr and
    /// status 1, as the CLI's contract says. A command with statuses of its own throws an `ExitCode`.
    public static func runFromCommandLine() async {
        var command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            exit(withError: error)
        }
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as ValidationError {
            fail(error.message)
        } catch  where exitCode(for: error) == .failure {
            fail(message(for: error))
        } catch {
            // Help shown, a clean exit, or a status a command chose (`pset check`): as ArgumentParser does it.
            exit(withError: error)
        }
    }
}
