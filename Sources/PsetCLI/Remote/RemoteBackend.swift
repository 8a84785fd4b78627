import Foundation
import NIOHTTP1
import PsetCourse
import PsetModel
import PsetService
import PsetStore

/// The student commands on a `pset serve`: the same values as `LocalBackend`, fetched over HTTP.
struct RemoteBackend: StudentBackend {
    let client: ServiceClient
    /// The student a TA asks about, for the commands that read a student's work; `nil` for the caller.
    var subject: String? = nil

    /// The query naming the subject, when a TA named one.
    private var about: [String: String] { subject.map { ["student": $0] } ?? [:] }

    func problems() async throws -> [ProblemSummary] { try await client.get("/v1/problems") }

    func show(_ id: String) async throws -> ProblemView {
        try await client.get("/v1/problems/\(ServiceClient.segment(id))")
    }

    func starterFiles(_ id: String) async throws -> [SourceFile] {
        try await client.get("/v1/problems/\(ServiceClient.segment(id))/starter")
    }

    func answer(_ id: String, _ values: [String]) async throws -> AnswerResult {
        try await client.send(
            .POST, "/v1/problems/\(ServiceClient.segment(id))/answers", body: AnswerRequest(values: values))
    }

    /// Submits, then waits for the grading: a submission the server acknowledged is stored there, so a lost
    /// connection is waited out rather than reported as a failure.
    func submit(_ id: String, files: [SourceFile], seed: String?, progress: ProgressLine) async throws -> SubmitResult {
        let status: SubmissionStatus
        do {
            status = try await client.send(
                .POST, "/v1/problems/\(ServiceClient.segment(id))/submissions",
                body: SubmissionRequest(files: files, seed: seed))
        } catch let error as ConnectionError {
            switch error.stage {
            case .connecting:
                throw RemoteError("\(error); your submission was not recorded: submit it again once the server is back")
            case .answering:
                throw RemoteError(
                    "\(error) before it acknowledged your submission, which may or may not be recorded: "
                        + "`pset history \(id)` shows whether it is")
            }
        }
        return try await SubmissionWait(client: client, progress: progress).result(of: status)
    }

    func grades() async throws -> GradeReport { try await client.get("/v1/grades") }

    func history(_ id: String?) async throws -> [HistoryEntry] {
        try await client.get("/v1/history", query: about.merging(id.map { ["problem": $0] } ?? [:]) { $1 })
    }

    func feedback(_ id: String, attempt: Int?) async throws -> AttemptFeedback {
        try await client.get(
            "/v1/problems/\(ServiceClient.segment(id))/attempts/\(attempt.map(String.init) ?? "latest")", query: about)
    }

    func test(_ id: String, files: [SourceFile], seed: String?, progress: ProgressLine) async throws -> SubmitResult {
        progress.show("running the public tests on the server")
        return try await client.send(
            .POST, "/v1/problems/\(ServiceClient.segment(id))/tests", body: SubmissionRequest(files: files, seed: seed))
    }
}
