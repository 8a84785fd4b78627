import NIOHTTP1
import PsetService
import PsetStore

extension LocalAdmin {
    func addWorker(named name: String) async throws -> IssuedWorkerToken { try admin.addWorker(named: name) }
    func workers() async throws -> [WorkerToken] { try admin.workers() }
    func revokeWorker(named name: String) async throws -> WorkerTokenRevocation { try admin.revokeWorker(named: name) }
}

extension RemoteAdmin {
    func addWorker(named name: String) async throws -> IssuedWorkerToken {
        try await client.send(.POST, "/v1/admin/workers/\(ServiceClient.segment(name))", body: [String: String]())
    }
    func workers() async throws -> [WorkerToken] { try await client.get("/v1/admin/workers") }
    func revokeWorker(named name: String) async throws -> WorkerTokenRevocation {
        try await client.send(.DELETE, "/v1/admin/workers/\(ServiceClient.segment(name))", body: [String: String]())
    }
}
