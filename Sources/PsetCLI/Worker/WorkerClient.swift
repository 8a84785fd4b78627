import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PsetCourse
import PsetService
import PsetStore

/// Why a call to the worker routes did not get an answer the worker can use.
enum WorkerCallError: Error, CustomStringConvertible {
    /// The server is away or failing for now (no connection, a proxy's 5xx, its own 500): try again later.
    case unavailable(String)
    /// The server refused this worker (token revoked, another bank, a malformed request): stop.
    case refused(String)

    var description: String {
        switch self {
        case .unavailable(let reason), .refused(let reason): reason
        }
    }
}

/// The worker routes of a `pset serve`, called with a worker token.
struct WorkerClient: Sendable {
    let service: ServiceClient

    /// Claims a job, long-polling up to `wait` seconds (the server holds at most 20); `nil` when none came.
    func claim(bank: String, slot: String, wait: Int = 20) async throws -> WorkerClaim? {
        try await call(
            "/v1/worker/claims", query: ["wait": "\(wait)"], body: WorkerClaimRequest(bank: bank, slot: slot),
            timeout: .seconds(Int64(wait) + 20))
    }

    /// Ends the waiting claims of these slots at once; they answer 204, or with a job claimed just before.
    func cancelClaims(of slots: [String]) async throws {
        let _: WorkerClaimCancellation.Ended? = try await call(
            "/v1/worker/claims/cancel", body: WorkerClaimCancellation(slots: slots))
    }

    /// Renews a lease; `false` when the server says the worker no longer holds it.
    func heartbeat(_ lease: JobLease) async throws -> Bool {
        let renewed: JobLease?? = try await fenced(lease, "heartbeat", WorkerLeaseRequest(lease: lease.token))
        return renewed != nil
    }

    /// Sends a grading; `nil` when the lease was lost and nothing was recorded.
    func result(_ lease: JobLease, grading: Grading) async throws -> WorkerJobOutcome? {
        try await fenced(lease, "result", WorkerResultRequest(lease: lease.token, grading: grading)) ?? nil
    }

    /// Reports that the grader could not grade; `nil` when the lease was lost.
    func failure(_ lease: JobLease, reason: String) async throws -> WorkerJobOutcome? {
        try await fenced(lease, "failure", WorkerFailureRequest(lease: lease.token, reason: reason)) ?? nil
    }

    /// Gives a job back to the queue; `nil` when the lease was already lost.
    func release(_ lease: JobLease) async throws -> WorkerJobOutcome? {
        try await fenced(lease, "release", WorkerLeaseRequest(lease: lease.token)) ?? nil
    }

    /// A call on a held job: the outer `nil` is a lost lease (409).
    private func fenced<Value: Decodable>(
        _ lease: JobLease, _ action: String, _ body: some Encodable
    ) async throws -> Value?? {
        do {
            let value: Value? = try await call("/v1/worker/jobs/\(lease.job)/\(action)", body: body)
            return .some(value)
        } catch is LeaseLost {
            return nil
        }
    }

    /// A 409: the lease is someone else's now.
    private struct LeaseLost: Error {}

    /// Posts `body` and decodes a 2xx answer; `nil` for a 204.
    private func call<Value: Decodable>(
        _ path: String, query: [String: String] = [:], body: some Encodable, timeout: TimeAmount = .seconds(30)
    ) async throws -> Value? {
        let request = service.request(.POST, path, query: query, body: try ViewCoding.encoder.encode(body))
        let response: HTTPClientResponse
        let data: Data
        do {
            response = try await ServiceClient.http.execute(request, timeout: timeout)
            data = Data(try await response.body.collect(upTo: 64 * 1024 * 1024).readableBytesView)
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw WorkerCallError.unavailable(ConnectionError(server: service.settings.server, error).description)
        }
        switch response.status.code {
        case 204: return nil
        case 200..<300:
            // An answer that is not ours (a proxy's or a captive portal's page) means the server is not there yet.
            do {
                return try ViewCoding.decoder.decode(Value.self, from: data)
            } catch {
                throw WorkerCallError.unavailable(
                    "\(service.settings.server) answered \(response.status.code) with something that is not pset's answer"
                )
            }
        case 409: throw LeaseLost()
        case 500...: throw WorkerCallError.unavailable("\(service.failure(response.status, body: data))")
        default: throw WorkerCallError.refused("\(service.failure(response.status, body: data))")
        }
    }
}
