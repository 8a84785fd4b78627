import Foundation
import PsetModel

extension Course {
    /// Runs a coding task's public tests on `files` exactly as a submission's, recording nothing.
    ///
    /// Hidden tests never run here: their verdicts would tell what they test before the reveal. With `seed`,
    /// each schedule check runs that schedule first, to replay a failure the student saw.
    public func practice(
        _ id: String, files: [SourceFile], seed: String? = nil,
        progress: @escaping @Sendable (String) -> Void = { _ in }
    ) async throws -> SubmitResult {
        let (problem, _) = try lookup(id)
        guard var task = problem.codingTask else { throw CourseError.notACodingTask(id) }
        try checkFiles(files, for: problem, task: task)
        task.tests.removeAll(where: \.hidden)
        var publicOnly = problem
        publicOnly.content = .code(task)
        let maxScore = task.tests.reduce(0) { $0 + $1.points }
        let outcome = await outcome(of: publicOnly, files: files, seed: seed, progress: progress)
        // Only public tests ran; a grader that reported more still shows nothing of a hidden test.
        let checks = outcome.checks.filter { !$0.hidden }
        let seed = checks.contains { $0.seed != nil && $0.seed == outcome.seed } ? outcome.seed : nil
        return SubmitResult(
            id: problem.id, attempt: 0, score: min(outcome.score, maxScore), maxScore: maxScore,
            verdict: outcome.verdict, late: false, checks: checks, seed: seed,
            replay: seed.map { "pset test \(problem.id) \(files.map(\.name).joined(separator: " ")) --seed \($0)" },
            compilerOutput: outcome.compilerOutput.flatMap { $0.isEmpty ? nil : $0 })
    }

    /// Refuses a submission that does not carry exactly the task's files.
    func checkFiles(_ files: [SourceFile], for problem: Problem, task: CodingTask) throws {
        let expected = task.submittedFileNames
        var seen = Set<String>()
        for file in files {
            guard seen.insert(file.name).inserted else { throw CourseError.duplicateFile(file.name) }
            guard expected.contains(file.name) else {
                throw CourseError.unexpectedFile(problem: problem.id, name: file.name, expected: expected)
            }
        }
        if let missing = expected.first(where: { !seen.contains($0) }) {
            throw CourseError.missingFile(problem: problem.id, name: missing)
        }
    }
}
