import ArgumentParser

/// `pset-bench`: throughput figures for this machine, measured in release builds.
@main
struct PsetBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pset-bench",
        abstract: "Measure how fast pset runs on this machine.",
        subcommands: [Serve.self])
}
