import ArgumentParser

/// The `pset` command: students answer and submit, TAs run the course.
public struct Pset: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "pset",
        abstract: "Problem sets on inter-process communication and threads, graded as you go.",
        subcommands: [Check.self, BankCommand.self]
    )

    public init() {}
}
