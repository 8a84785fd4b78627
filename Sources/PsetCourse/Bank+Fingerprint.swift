import Crypto
import Foundation
import PsetModel

extension Bank {
    /// A SHA-256, in hex, of everything grading depends on: every coding task's files, tests, mutants, budget and
    /// rules, on its declared variant and on a few drawn ones.
    ///
    /// A grading host grades from its own compiled-in bank; the service refuses a host whose fingerprint differs
    /// from its own, so a submission is never graded on other tests than the ones its student was given.
    public var gradingFingerprint: String {
        var hasher = SHA256()
        for problem in problems where problem.codingTask != nil {
            // A template is code, which cannot be hashed: its output on these seeds stands for it.
            let variants = problem.isParameterised ? [nil] + (1...8).map { VariantSeed($0) } : [nil]
            for seed in variants {
                guard let task = problem.variant(seed: seed).problem.codingTask else { continue }
                hasher.update(data: Data(Self.describe(task, of: problem).utf8))
            }
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// One problem's task as text; sets are sorted, since their order differs from process to process.
    private static func describe(_ task: CodingTask, of problem: Problem) -> String {
        let tests = task.tests.map { test in
            [
                test.name, "\(test.points)", "\(test.hidden)", test.harness ?? "-", "\(test.arguments)",
                test.standardInput, "\(test.expectation)", "\(test.checks.map(\.rawValue).sorted())",
            ].joined(separator: "\u{1f}")
        }
        return [
            problem.id, "\(problem.points)", "\(task.starter)", "\(task.headers)", "\(task.reference)",
            "\(task.support)", "\(tests)", "\(task.mutants)", "\(task.budget)", "\(task.concurrency)",
            "\(task.calls)", "\(task.requirements)",
        ].joined(separator: "\u{1e}") + "\u{1d}"
    }
}
