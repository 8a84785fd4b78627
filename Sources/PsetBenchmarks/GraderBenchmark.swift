import PsetBank
import PsetGrader
import PsetModel

/// Measures the wall time to grade each pinned task's reference solution and one of its mutants.
///
/// Each grading is the whole pipeline a submission goes through: both builds in the sandbox, every
/// test's plain run, the ThreadSanitizer runs and the task's budget of schedules.
enum GraderBenchmark {
    /// The pinned tasks of `shared/spec/coding-tasks.md`.
    static let tasks = ["threads/counter", "threads/bounded-buffer", "ipc/pipe-pingpong", "ipc/shm-sum"]

    static func main(_ arguments: [String]) async throws {
        let runs = integerOption("--runs", in: arguments, default: 10)
        let grader = Grader()
        print("grading time: median and p90 of \(runs) gradings each, after 1 warm-up")
        print(pad("task", 24) + pad("submission", 34) + pad("median", 11) + pad("p90", 11) + "verdict, schedules")
        for id in tasks {
            guard let task = Bank.builtIn.problem(id)?.codingTask else {
                throw GraderError("the bank has no coding task \(id)")
            }
            var subjects = [("reference", task.reference)]
            if let mutant = task.mutants.first {
                subjects.append(
                    (
                        "mutant \(mutant.name)",
                        task.reference.map { file in mutant.files.first { $0.name == file.name } ?? file }
                    ))
            }
            for (name, files) in subjects {
                var times: [Duration] = []
                var last: GradingReport?
                for index in 0...runs {
                    let start = ContinuousClock.now
                    let report = await grader.grade(task, problemID: id, files: files)
                    if index > 0 { times.append(ContinuousClock.now - start) }
                    last = report
                }
                times.sort()
                let median = times[times.count / 2]
                let p90 = times[min(times.count - 1, Int((Double(times.count) * 0.9).rounded(.up)) - 1)]
                let verdict = last.map { "\($0.verdict.rawValue), \($0.schedulesExplored)" } ?? "-"
                print(pad(id, 24) + pad(name, 34) + pad(format(median), 11) + pad(format(p90), 11) + verdict)
            }
        }
    }

    private static func format(_ duration: Duration) -> String {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return String(Int((seconds * 1000).rounded())) + " ms"
    }
}
