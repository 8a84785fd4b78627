import PsetModel
import PsetSandbox

/// Every parser the grader runs on a run's output, run together on one text, for `pset-bench parsers` to time
/// and for the tests to feed shapes that once made a parser quadratic or trap.
@_spi(Benchmarks) public enum OutputParsing {
    /// The most a run may write to one stream.
    public static let size = 1 << 20

    /// `unit` repeated to just over `size` bytes.
    public static func repeated(_ unit: String) -> String {
        String(repeating: unit, count: size / unit.utf8.count + 1)
    }

    /// The shapes of output the parsers are measured and tested on, each `size` bytes or about, by name.
    public static func hostileShapes() -> [(name: String, text: String)] {
        [
            ("repeated assertion", repeated("a: b: c: Assertion `")),
            ("one long line", repeated("abcdefgh")),
            ("NUL bytes", String(repeating: "\0", count: size)),
            ("invalid UTF-8", String(decoding: [UInt8](repeating: 0xff, count: size), as: UTF8.self)),
            ("combining marks", "x" + String(repeating: "\u{301}", count: size / 2)),
            (
                "huge numbers",
                repeated("Read of size 99999999999999999999999 at 0xffffffffffffffffffff by thread T1:\n")
            ),
            (
                "many warnings",
                repeated("WARNING: ThreadSanitizer: data race (pid=1)\n  Write of size 8 at 0x10 by main thread:\n")
            ),
            (
                "endless warning",
                "WARNING: ThreadSanitizer: data race\n  Read of size 8 at 0x10 by thread T1:\n"
                    + repeated("    #0 counter_add /work/counter.c:17 (h+0x1434)\n")
            ),
            (
                "runtime lines",
                repeated("@@pset blocked thread=1 op=pthread_mutex_lock holder=2 caller=a|0x1 start=a|0x2\n")
            ),
            ("access backtracking", "  Read of size 1 at 0x1 by " + repeated(" (") + ":"),
            ("empty lines", String(repeating: "\n", count: size)),
            ("struct declarations", repeated("struct a{int b;};\nx = s.a->b . c;\n")),
        ]
    }

    /// Reads `output` as every parser would read a run's standard error, standard output or a build's gdb
    /// output, and returns a count of what they found, so that none of the work can be optimised away.
    public static func readAll(_ output: String) -> Int {
        let result = SandboxResult(
            termination: .signaled(6), cpuSeconds: 0, wallSeconds: 0, peakMemoryBytes: 0, standardOutput: [],
            standardOutputTruncated: false, standardError: Array(output.utf8), standardErrorTruncated: false,
            limitHit: nil, processes: SandboxProcessRecord(tasksCreated: 0, aliveAtExit: 0, zombiesAtExit: 0),
            ipc: SandboxIPCRecord(sharedMemorySegments: 0, semaphoreSets: 0, messageQueues: 0), isolation: [])
        let scheduler = SchedulerOutput(standardError: output)
        let finding = RunFinding(
            result: result, expectation: TaskTest.Expectation(exitStatus: 0),
            symbolizer: Symbolizer(executable: "/nonexistent"))
        let race = RaceReport(output: output, studentFiles: ["counter.c"], sources: [], binary: "/nonexistent")
        let batch = BatchOutput.parse(result.standardError, wallSeconds: 1)
        let structs = StructLayouts.declaredStructs(in: output)
        let layouts = StructLayouts.parse(output)
        let access = OutputLines(output, maxLineBytes: RaceReport.maxHintBytes).prefix(1000).compactMap(
            MemberAccess.first)
        return scheduler.blocked.count + finding.message.utf8.count + (race?.summary.utf8.count ?? 0) + batch.count
            + structs.count + layouts.count + access.count
    }
}
