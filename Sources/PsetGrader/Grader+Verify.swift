import Foundation
import PsetModel

extension Grader {
    /// Grades a task's reference solution, which must pass every test.
    public func verifyReference(of task: CodingTask, problemID: String) async -> BankVerification {
        let started = Date()
        let report = await grade(task, problemID: problemID, files: task.reference)
        let failures = report.checks.filter { !$0.passed }
        let message: String
        if report.verdict == .passed {
            message = "passes all \(report.checks.count) tests"
        } else if report.verdict == .compileError || report.verdict == .error {
            message = "\(report.verdict.rawValue): \(report.compilerOutput.prefix(300))"
        } else {
            message = failures.map { "\($0.name): \($0.message)" }.joined(separator: "; ")
        }
        return BankVerification(
            problemID: problemID, subject: "reference", holds: report.verdict == .passed, message: message,
            score: report.score, maxScore: report.maxScore, seconds: Date().timeIntervalSince(started))
    }

    /// Grades a mutant (the reference with the mutant's files), which must fail at least its `mustFail` tests.
    public func verifyMutant(_ mutant: TaskMutant, of task: CodingTask, problemID: String) async -> BankVerification {
        let started = Date()
        let files = task.reference.map { file in mutant.files.first { $0.name == file.name } ?? file }
        let report = await grade(task, problemID: problemID, files: files)
        let failed = Set(report.checks.filter { !$0.passed }.map(\.name))
        let escaped = mutant.mustFail.filter { !failed.contains($0) }
        let holds = report.verdict == .failed && escaped.isEmpty
        let message: String
        if report.verdict == .compileError || report.verdict == .error {
            message = "\(report.verdict.rawValue) instead of failing tests: \(report.compilerOutput.prefix(300))"
        } else if !escaped.isEmpty {
            message = "should fail \(escaped.joined(separator: ", ")) (\(mutant.reason)) but passed"
        } else {
            message = report.checks.filter { !$0.passed }.map { "\($0.name): \($0.message)" }.joined(separator: "; ")
        }
        return BankVerification(
            problemID: problemID, subject: "mutant \(mutant.name)", holds: holds, message: message,
            score: report.score, maxScore: report.maxScore, seconds: Date().timeIntervalSince(started))
    }
}
