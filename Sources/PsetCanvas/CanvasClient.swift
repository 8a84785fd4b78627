import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The few Canvas REST endpoints a grade push needs, with an API token, retrying what Canvas throttles.
///
/// Canvas answers a throttled request with 403 and "Rate Limit Exceeded" (or 429), and a busy one with 5xx;
/// those are repeated with backoff. Any other failure is an error at once: a wrong token or course must not be
/// hammered.
public struct CanvasClient: Sendable {
    /// Canvas's address, such as `https://school.instructure.com`, without a trailing slash.
    public let baseURL: String
    let token: String
    let retry: CanvasRetryPolicy
    let http: HTTPClient

    public init(
        baseURL: String, token: String, retry: CanvasRetryPolicy = CanvasRetryPolicy(), http: HTTPClient = .shared
    )
        throws
    {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        guard let url = URL(string: base), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil
        else { throw CanvasError("the Canvas address \(baseURL) is not an http(s) URL") }
        guard !token.isEmpty else { throw CanvasError("the Canvas API token is empty") }
        self.baseURL = base
        self.token = token
        self.retry = retry
        self.http = http
    }

    /// Every submission of an assignment with its student's SIS user id, following Canvas's pages.
    public func submissions(course: String, assignment: String) async throws -> [CanvasSubmission] {
        var next: String? =
            "\(baseURL)/api/v1/courses/\(Self.segment(course))/assignments/\(Self.segment(assignment))/submissions"
            + "?include%5B%5D=user&per_page=100"
        var all: [CanvasSubmission] = []
        var pages = 0
        while let url = next {
            pages += 1
            guard pages <= 10_000 else { throw CanvasError("Canvas listed more than 10,000 pages of submissions") }
            let (data, headers) = try await send(.GET, url)
            do {
                all += try JSONDecoder().decode([CanvasSubmission].self, from: data)
            } catch {
                throw CanvasError(
                    "Canvas's list of submissions of assignment \(assignment) is not what its API documents")
            }
            next = try Self.nextPage(headers["Link"].first, within: baseURL)
        }
        return all
    }

    /// Starts one bulk update of an assignment's grades, keyed by SIS user id; returns Canvas's progress record.
    public func updateGrades(course: String, assignment: String, grades: [String: String]) async throws
        -> CanvasProgress
    {
        let url =
            "\(baseURL)/api/v1/courses/\(Self.segment(course))/assignments/\(Self.segment(assignment))"
            + "/submissions/update_grades"
        let form = grades.sorted { $0.key < $1.key }.map { sisUserID, grade in
            "\(Self.formEncoded("grade_data[sis_user_id:\(sisUserID)][posted_grade]"))=\(Self.formEncoded(grade))"
        }.joined(separator: "&")
        let (data, _) = try await send(.POST, url, form: form)
        return try decodeProgress(data)
    }

    /// Canvas's progress record of an asynchronous job.
    public func progress(_ id: Int) async throws -> CanvasProgress {
        let (data, _) = try await send(.GET, "\(baseURL)/api/v1/progress/\(id)")
        return try decodeProgress(data)
    }

    /// Waits until a job has finished, asking at the policy's interval; a failed job is an error.
    public func waitForCompletion(of started: CanvasProgress) async throws -> CanvasProgress {
        var progress = started
        let deadline = ContinuousClock.now + retry.progressTimeout
        while !progress.isFinished {
            guard ContinuousClock.now < deadline else {
                throw CanvasError(
                    "Canvas's job \(progress.id) was still \(progress.workflowState) after \(retry.progressTimeout)")
            }
            try await Task.sleep(for: retry.progressInterval)
            progress = try await self.progress(progress.id)
        }
        guard progress.workflowState == "completed" else {
            throw CanvasError("Canvas's job \(progress.id) failed: \(progress.message ?? "no message")")
        }
        return progress
    }

    private func decodeProgress(_ data: Data) throws -> CanvasProgress {
        do {
            return try JSONDecoder().decode(CanvasProgress.self, from: data)
        } catch {
            throw CanvasError("Canvas's progress record is not what its API documents")
        }
    }

    /// Sends a request, repeating it while Canvas throttles it or fails on its side; returns a 2xx response's body.
    func send(_ method: HTTPMethod, _ url: String, form: String? = nil) async throws -> (Data, HTTPHeaders) {
        for number in 1...max(1, retry.attempts) {
            var request = HTTPClientRequest(url: url)
            request.method = method
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
            request.headers.add(name: "Accept", value: "application/json")
            if let form {
                request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
                request.body = .bytes(ByteBuffer(string: form))
            }
            let status: Int
            let headers: HTTPHeaders
            let data: Data
            do {
                let response = try await http.execute(request, timeout: .seconds(60))
                status = Int(response.status.code)
                headers = response.headers
                data = Data(try await response.body.collect(upTo: 64 << 20).readableBytesView)
            } catch {
                guard number < retry.attempts else { throw CanvasError("cannot reach Canvas at \(baseURL): \(error)") }
                try await Task.sleep(for: retry.delay(after: number, retryAfterSeconds: nil))
                continue
            }
            if (200..<300).contains(status) { return (data, headers) }
            let body = String(decoding: data.prefix(300), as: UTF8.self)
            let throttled = status == 429 || (status == 403 && body.localizedCaseInsensitiveContains("rate limit"))
            guard throttled || status >= 500, number < retry.attempts else {
                throw CanvasError(Self.describe(status: status, body: body, method: method, url: url))
            }
            let retryAfter = headers["Retry-After"].first.flatMap { Double($0) }
            try await Task.sleep(for: retry.delay(after: number, retryAfterSeconds: retryAfter))
        }
        throw CanvasError("Canvas did not answer \(method) \(url)")
    }

    /// A one-line account of a refused request.
    static func describe(status: Int, body: String, method: HTTPMethod, url: String) -> String {
        let path = URL(string: url)?.path ?? url
        switch status {
        case 401: return "Canvas refused the API token (401 on \(method) \(path))"
        case 403: return "Canvas refused \(method) \(path): the token may not manage grades there (403)"
        case 404: return "Canvas has no such course or assignment (404 on \(method) \(path))"
        default:
            let line = body.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
            return "Canvas answered \(status) to \(method) \(path)\(line.isEmpty ? "" : ": \(line)")"
        }
    }

    /// The `rel="next"` address of a `Link` header; only an address on Canvas's own host is followed, so the
    /// token is never sent elsewhere.
    static func nextPage(_ link: String?, within baseURL: String) throws -> String? {
        guard let link else { return nil }
        for part in link.split(separator: ",") {
            let fields = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let target = fields.first, target.hasPrefix("<"), target.hasSuffix(">"),
                fields.dropFirst().contains(where: { $0.replacingOccurrences(of: " ", with: "") == "rel=\"next\"" })
            else { continue }
            let url = String(target.dropFirst().dropLast())
            guard url.hasPrefix(baseURL + "/") else {
                throw CanvasError("Canvas pointed its next page at \(url), outside \(baseURL)")
            }
            return url
        }
        return nil
    }

    /// A path segment with everything but unreserved characters and `:` (Canvas's `sis_course_id:` form) escaped.
    static func segment(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~:")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    /// A form field's name or value, escaped as `application/x-www-form-urlencoded` needs.
    static func formEncoded(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._*")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
