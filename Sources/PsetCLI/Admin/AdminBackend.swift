import Foundation
import NIOHTTP1
import PsetCourse
import PsetService
import PsetStore

/// Where the staff commands act: the database on the server machine, or a `pset serve` with a TA's token.
protocol AdminBackend: Sendable {
    func importRoster(_ people: [RosterEntry]) async throws -> RosterImportResult
    func rotateToken(of id: String) async throws -> IssuedToken
    func revokeToken(of id: String) async throws -> TokenRevocation
    func grantExtension(_ grant: ExtensionGrant) async throws -> ExtensionGrant
    func export(set: String?, format: ExportFormat) async throws -> String
    func regrade(_ id: String) async throws -> RegradeReport
    func queue() async throws -> QueueCounts
    func variant(_ id: String, of student: String) async throws -> VariantView
    func gradebook(set: String?) async throws -> Gradebook
    func recordCanvasPushes(_ report: CanvasPushReport) async throws -> CanvasPushRecorded
}

/// The staff commands on the database directly.
struct LocalAdmin: AdminBackend {
    let admin: CourseAdmin

    func importRoster(_ people: [RosterEntry]) async throws -> RosterImportResult { try admin.importRoster(people) }
    func rotateToken(of id: String) async throws -> IssuedToken { try admin.rotateToken(of: id) }
    func revokeToken(of id: String) async throws -> TokenRevocation { try admin.revokeToken(of: id) }
    func grantExtension(_ grant: ExtensionGrant) async throws -> ExtensionGrant { try admin.grantExtension(grant) }
    func export(set: String?, format: ExportFormat) async throws -> String {
        try admin.gradebook(set: set).rendered(as: format)
    }
    func regrade(_ id: String) async throws -> RegradeReport { try await admin.regrade(id) }
    func queue() async throws -> QueueCounts { try admin.course.database.queueCounts() }
    func variant(_ id: String, of student: String) async throws -> VariantView { try admin.variant(id, of: student) }
    func gradebook(set: String?) async throws -> Gradebook { try admin.gradebook(set: set) }
    func recordCanvasPushes(_ report: CanvasPushReport) async throws -> CanvasPushRecorded {
        try admin.recordCanvasPushes(report)
    }
}

/// The staff commands over HTTP, as the TA whose token is configured.
struct RemoteAdmin: AdminBackend {
    let client: ServiceClient

    func importRoster(_ people: [RosterEntry]) async throws -> RosterImportResult {
        try await client.send(.POST, "/v1/admin/roster", body: RosterImportRequest(people: people))
    }
    func rotateToken(of id: String) async throws -> IssuedToken {
        try await client.send(.POST, "/v1/admin/tokens/\(ServiceClient.segment(id))", body: [String: String]())
    }
    func revokeToken(of id: String) async throws -> TokenRevocation {
        try await client.send(.DELETE, "/v1/admin/tokens/\(ServiceClient.segment(id))", body: [String: String]())
    }
    func grantExtension(_ grant: ExtensionGrant) async throws -> ExtensionGrant {
        try await client.send(.POST, "/v1/admin/extensions", body: grant)
    }
    func export(set: String?, format: ExportFormat) async throws -> String {
        var query = ["format": format.rawValue]
        query["set"] = set
        let data = try await client.send(.GET, "/v1/admin/export", query: query)
        guard format == .json else { return String(decoding: data, as: UTF8.self) }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
    func regrade(_ id: String) async throws -> RegradeReport {
        try await client.send(.POST, "/v1/admin/regrade/\(ServiceClient.segment(id))", body: [String: String]())
    }
    func queue() async throws -> QueueCounts { try await client.get("/v1/admin/queue") }
    func variant(_ id: String, of student: String) async throws -> VariantView {
        try await client.get("/v1/admin/variants/\(ServiceClient.segment(student))/\(ServiceClient.segment(id))")
    }
    func gradebook(set: String?) async throws -> Gradebook {
        var query = ["format": ExportFormat.json.rawValue]
        query["set"] = set
        return try await client.get("/v1/admin/export", query: query)
    }
    func recordCanvasPushes(_ report: CanvasPushReport) async throws -> CanvasPushRecorded {
        try await client.send(.POST, "/v1/admin/canvas-pushes", body: report)
    }
}
