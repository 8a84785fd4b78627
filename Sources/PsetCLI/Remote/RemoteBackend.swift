import Foundation
import NIOHTTP1
import PsetCourse
import PsetModel
import PsetService
import PsetStore

/// The student commands on a `pset serve`: the same values as `LocalBackend`, fetched over HTTP.
struct RemoteBackend: StudentBackend {
    let client: ServiceClient

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

    /// Submits, then long-polls the submission until it is graded, reporting its place in the queue as it moves.
    func submit(
        _ id: String, files: [SourceFile], seed: String?, progress: @escaping @Sendable (String) -> Void
    ) async throws -> SubmitResult {
        var status: SubmissionStatus = try await client.send(
            .POST, "/v1/problems/\(ServiceClient.segment(id))/submissions",
            body: SubmissionRequest(files: files, seed: seed))
        var last = ""
        while true {
            if let result = status.result { return result }
            let line =
                switch status.state {
                case .queued:
                    status.ahead == 0
                        ? "queued: next to be graded" : "queued: \(status.ahead) submission(s) ahead of yours"
                case .running: "grading" + (status.progress.map { ": \($0)" } ?? "")
                case .done: "graded"
                }
            if line != last {
                progress(line)
                last = line
            }
            status = try await client.get("/v1/submissions/\(status.submission)", query: ["wait": "20"])
        }
    }

    func grades() async throws -> GradeReport { try await client.get("/v1/grades") }

    func history(_ id: String?) async throws -> [HistoryEntry] {
        try await client.get("/v1/history", query: id.map { ["problem": $0] } ?? [:])
    }

    func feedback(_ id: String, attempt: Int?) async throws -> AttemptFeedback {
        try await client.get(
            "/v1/problems/\(ServiceClient.segment(id))/attempts/\(attempt.map(String.init) ?? "latest")")
    }

    func test(
        _ id: String, files: [SourceFile], seed: String?, progress: @escaping @Sendable (String) -> Void
    ) async throws -> SubmitResult {
        progress("running the public tests on the server")
        return try await client.send(
            .POST, "/v1/problems/\(ServiceClient.segment(id))/tests", body: SubmissionRequest(files: files, seed: seed))
    }
}
