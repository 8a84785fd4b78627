import Foundation
import PsetCourse
import PsetModel

/// Where the student commands get their answers: the local database, or a `pset serve` over HTTP.
///
/// Both return the same values, so the commands print the same output in either mode.
protocol StudentBackend: Sendable {
    func problems() async throws -> [ProblemSummary]
    func show(_ id: String) async throws -> ProblemView
    func starterFiles(_ id: String) async throws -> [SourceFile]
    func answer(_ id: String, _ values: [String]) async throws -> AnswerResult
    /// Stores and grades a submission, showing on `progress` where it stands until its result is in.
    func submit(_ id: String, files: [SourceFile], seed: String?, progress: ProgressLine) async throws -> SubmitResult
    func grades() async throws -> GradeReport
    func history(_ id: String?) async throws -> [HistoryEntry]
    func feedback(_ id: String, attempt: Int?) async throws -> AttemptFeedback
    /// Runs a task's public tests, recording nothing.
    func test(_ id: String, files: [SourceFile], seed: String?, progress: ProgressLine) async throws -> SubmitResult
}
