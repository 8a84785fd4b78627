import Foundation
import PsetGrader
import PsetModel

/// Runs `pset check` on a corpus of small pthread programs in the style of public verification benchmarks, each
/// bug class beside its correct twin, and counts what it gets wrong.
///
/// A buggy program must end in a concrete failure (an assertion, a crash, a deadlock) whose seed replays it, a
/// correct one must pass, each within the time goal; a race report alone is a miss, since it shows no consequence.
enum OutsideProgramsBenchmark {
    /// The corpus, relative to the package's root: `buggy/*.c` and `correct/*.c`.
    static let defaultDirectory = "Tests/Fixtures/outside"

    /// The longest one check may take.
    static let goalSeconds = 2.0

    static func main(_ arguments: [String]) async throws {
        let directory = stringOption("--dir", in: arguments) ?? defaultDirectory
        let schedules = integerOption("--schedules", in: arguments, default: 100)
        let grader = Grader()
        var misses = 0
        var falseAlarms = 0
        var slow = 0
        var replayMismatches = 0
        var total = 0
        print("pset check on \(directory) (\(schedules) schedules each; goal \(goalSeconds) s a program)")
        // The first check builds the scheduler runtime; no program's time should include that.
        if let first = try files(in: "\(directory)/correct").first ?? files(in: "\(directory)/buggy").first {
            let source = try String(contentsOfFile: first, encoding: .utf8)
            _ = try await grader.check(sources: [SourceFile(name: "warm-up.c", contents: source)], schedules: 1)
        }
        for expectation in ["buggy", "correct"] {
            let programs = try files(in: "\(directory)/\(expectation)")
            for path in programs {
                let source = SourceFile(
                    name: (path as NSString).lastPathComponent,
                    contents: try String(contentsOfFile: path, encoding: .utf8))
                let (report, seconds) = try await timed {
                    try await grader.check(sources: [source], schedules: schedules)
                }
                total += 1
                let concrete = [.assertion, .crash, .deadlock].contains(report.verdict)
                var verdict = report.verdict.rawValue
                var wrong = false
                if expectation == "buggy" {
                    if concrete, let seed = report.seed {
                        let replayed = try await grader.check(sources: [source], seed: seed)
                        if replayed.verdict != report.verdict {
                            replayMismatches += 1
                            verdict += " (replay: \(replayed.verdict.rawValue))"
                        }
                    } else {
                        misses += 1
                        wrong = true
                    }
                } else if report.verdict != .ok {
                    falseAlarms += 1
                    wrong = true
                }
                if seconds > goalSeconds { slow += 1 }
                let mark = wrong ? "WRONG" : seconds > goalSeconds ? "SLOW" : "ok"
                print(
                    "\(pad(mark, 6))\(pad(expectation + "/" + source.name, 36))\(pad(verdict, 12))"
                        + "\(pad(String(format: "%.2f s", seconds), 9))\(pad("\(report.runs) runs", 11))"
                        + (report.seed ?? ""))
            }
        }
        print(
            "\(total) programs: \(misses) missed, \(falseAlarms) false alarms, \(replayMismatches) seeds that did not "
                + "replay, \(slow) over \(goalSeconds) s")
    }

    /// The `.c` files in `directory`, by name.
    private static func files(in directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".c") }.sorted()
            .map { "\(directory)/\($0)" }
    }

    /// What `body` returns, and the seconds it took.
    private static func timed<T>(_ body: () async throws -> T) async rethrows -> (T, Double) {
        let clock = ContinuousClock()
        let start = clock.now
        let value = try await body()
        let elapsed = clock.now - start
        return (value, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
}
