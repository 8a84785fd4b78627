import PsetCourse
import PsetGrader
import PsetModel

/// The grader the CLI and the service use for coding submissions.
enum CourseGrader {
    static let shared: any SubmissionGrading = Grader()
}

/// The course records what the grader reports, in its own terms.
extension Grader: SubmissionGrading {
    public func grade(
        _ problem: Problem, files: [SourceFile], seed: String?, progress: @escaping @Sendable (String) -> Void
    ) async -> GradingOutcome {
        let report: GradingReport = await grade(problem, files: files, seed: seed) { progress($0.description) }
        return GradingOutcome(
            score: report.score, verdict: GradingOutcome.Verdict(report.verdict),
            checks: report.checks.map {
                CheckOutcome(
                    name: $0.name, passed: $0.passed, message: $0.message, hidden: $0.hidden, seed: $0.seed,
                    trace: $0.trace)
            },
            seed: report.seed, replay: report.replay,
            compilerOutput: report.compilerOutput.isEmpty ? nil : report.compilerOutput)
    }
}

extension GradingOutcome.Verdict {
    init(_ verdict: GradingVerdict) {
        switch verdict {
        case .passed: self = .passed
        case .failed: self = .failed
        case .compileError: self = .compileError
        case .error: self = .error
        }
    }
}
