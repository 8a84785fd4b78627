import ArgumentParser

/// The `pset` command: students answer and submit, TAs run the course.
public struct Pset: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "pset",
        abstract: "Problem sets on inter-process communication and threads, graded as you go.",
        subcommands: [
            Problems.self, Show.self, Start.self, Answer.self, Submit.self, Grades.self, Check.self, Login.self,
            Serve.self, Admin.self, BankCommand.self, SandboxCommand.self,
        ]
    )

    public init() {}
}

extension Pset {
    /// Parses the command line and runs the chosen command; errors become a one-line message and a non-zero exit.
    ///
    /// This is `AsyncParsableCommand.main()` spelled out, because top-level code in the executable would
    /// otherwise resolve to the synchronous overload.
    public static func runFromCommandLine() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
