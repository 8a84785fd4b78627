import Glibc

/// The benchmarks `pset-bench` knows, by the name that selects them.
let benchmarks: [(name: String, summary: String, run: @Sendable ([String]) async throws -> Void)] = [
    ("sandbox", "per-run overhead of the sandbox over a bare fork/exec [--runs N]", SandboxOverheadBenchmark.main),
    ("grader", "wall time to grade each pinned task's reference and one mutant [--runs N]", GraderBenchmark.main),
    ("rules", "what checking a submission's object files adds to a grading [--runs N]", RulesBenchmark.main),
    (
        "parsers", "time every output parser takes on 1 MiB of hostile output, per shape [--runs N]",
        ParserBenchmark.main
    ),
    (
        "explore",
        "schedules/s, and the time to the first failing schedule at bug depth 1, 2, 3 [--schedules N --search N]",
        ExplorationBenchmark.main
    ),
    (
        "outside",
        "pset check on small pthread programs, buggy and correct twins: verdicts, misses, false alarms [--dir D --schedules N]",
        OutsideProgramsBenchmark.main
    ),
    (
        "serve",
        "answers/s over loopback HTTP and submissions drained/s [--clients N --seconds S --submissions N --db URL]",
        ServiceBenchmark.main
    ),
    (
        "web", "each web page's time on 500 students × 100 problems × 5 attempts [--students N --runs N]",
        WebBenchmark.main
    ),
    (
        "queue",
        "the worker path over HTTP: claims/s, submission-to-claim latency, graded/s with 1 and 2 pset workers [--db PATH --claims N --workers N --latencies N --gradings N]",
        QueueBenchmark.main
    ),
]

/// `text` followed by spaces up to `width` characters (and at least one), for a column of a table.
func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
}

/// The whole number after `option` in `arguments`, at least `minimum`; `fallback` when it is not given.
func integerOption(_ option: String, in arguments: [String], default fallback: Int, minimum: Int = 1) -> Int {
    guard let index = arguments.firstIndex(of: option), index + 1 < arguments.count,
        let value = Int(arguments[index + 1])
    else { return fallback }
    return max(value, minimum)
}

/// The text after `option` in `arguments`, nil when it is not given.
func stringOption(_ option: String, in arguments: [String]) -> String? {
    guard let index = arguments.firstIndex(of: option), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

/// Writes `text` to standard error.
func printError(_ text: String) {
    _ = text.withCString { write(2, $0, strlen($0)) }
}

let arguments = Array(CommandLine.arguments.dropFirst())
guard let name = arguments.first, let benchmark = benchmarks.first(where: { $0.name == name }) else {
    var usage = "usage: pset-bench BENCHMARK [OPTIONS]\n\nbenchmarks:\n"
    for benchmark in benchmarks { usage += "  \(benchmark.name)  \(benchmark.summary)\n" }
    printError(usage)
    exit(2)
}
do {
    try await benchmark.run(Array(arguments.dropFirst()))
} catch {
    printError("pset-bench \(name): \(error)\n")
    exit(1)
}
