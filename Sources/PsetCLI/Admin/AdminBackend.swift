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
    func extensions(set: String?, student: String?) async throws -> [ExtensionView]
    func revokeExtension(of student: String, for set: String) async throws -> ExtensionRevocation
    func export(set: String?) async throws -> Gradebook
    func regrade(_ id: String, progress: @escaping @Sendable (RegradeProgress) -> Void) async throws -> RegradeReport
    func queue() async throws -> QueueReport
    func variant(_ id: String, of student: String) async throws -> VariantView
    func gradebook(set: String?) async throws -> Gradebook
    func recordCanvasPushes(_ report: CanvasPushReport) async throws -> CanvasPushRecorded
    func people(role: Person.Role?) async throws -> [PersonView]
    func student(_ id: String) async throws -> StudentRecord
    func addWorker(named name: String) async throws -> IssuedWorkerToken
    func workers() async throws -> [WorkerToken]
    func revokeWorker(named name: String) async throws -> WorkerTokenRevocation
}

/// The staff commands on the database directly.
struct LocalAdmin: AdminBackend {
    let admin: CourseAdmin

    func importRoster(_ people: [RosterEntry]) async throws -> RosterImportResult { try admin.importRoster(people) }
    func rotateToken(of id: String) async throws -> IssuedToken { try admin.rotateToken(of: id) }
    func revokeToken(of id: String) async throws -> TokenRevocation { try admin.revokeToken(of: id) }
    func grantExtension(_ grant: ExtensionGrant) async throws -> ExtensionGrant { try admin.grantExtension(grant) }
    func extensions(set: String?, student: String?) async throws -> [ExtensionView] {
        try admin.extensions(set: set, student: student)
    }
    func revokeExtension(of student: String, for set: String) async throws -> ExtensionRevocation {
        try admin.revokeExtension(of: student, for: set)
    }
    func export(set: String?) async throws -> Gradebook { try admin.gradebook(set: set) }
    func regrade(_ id: String, progress: @escaping @Sendable (RegradeProgress) -> Void) async throws -> RegradeReport {
        try await admin.regrade(id, progress: progress)
    }
    func queue() async throws -> QueueReport { try admin.queue() }
    func variant(_ id: String, of student: String) async throws -> VariantView { try admin.variant(id, of: student) }
    func gradebook(set: String?) async throws -> Gradebook { try admin.gradebook(set: set) }
    func recordCanvasPushes(_ report: CanvasPushReport) async throws -> CanvasPushRecorded {
        try admin.recordCanvasPushes(report)
    }
    func people(role: Person.Role?) async throws -> [PersonView] { try admin.people(role: role) }
    func student(_ id: String) async throws -> StudentRecord { try admin.student(id) }
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
    func extensions(set: String?, student: String?) async throws -> [ExtensionView] {
        var query: [String: String] = [:]
        query["set"] = set
        query["student"] = student
        return try await client.get("/v1/admin/extensions", query: query)
    }
    func revokeExtension(of student: String, for set: String) async throws -> ExtensionRevocation {
        try await client.send(
            .DELETE, "/v1/admin/extensions/\(ServiceClient.segment(student))/\(ServiceClient.segment(set))",
            body: [String: String]())
    }
    /// The gradebook as JSON, which the CLI lays out in the format asked for, as on the server machine.
    func export(set: String?) async throws -> Gradebook {
        var query = ["format": ExportFormat.json.rawValue]
        query["set"] = set
        return try await client.get("/v1/admin/export", query: query)
    }
    /// Streams the regrade's progress as the server sends it, and returns its report.
    func regrade(_ id: String, progress: @escaping @Sendable (RegradeProgress) -> Void) async throws -> RegradeReport {
        var report: RegradeReport?
        try await client.lines(
            .POST, "/v1/admin/regrade/\(ServiceClient.segment(id))", body: [String: String](),
            accept: RegradeEvent.mediaType
        ) { line in
            let event = try ViewCoding.decoder.decode(RegradeEvent.self, from: line)
            if let error = event.error { throw RemoteError(error) }
            if let step = event.progress { progress(step) }
            if let done = event.report { report = done }
        }
        guard let report else { throw RemoteError("the server stopped the regrade of \(id) before it ended") }
        return report
    }
    func queue() async throws -> QueueReport { try await client.get("/v1/admin/queue") }
    func people(role: Person.Role?) async throws -> [PersonView] {
        try await client.get("/v1/admin/people", query: role.map { ["role": $0.rawValue] } ?? [:])
    }
    func student(_ id: String) async throws -> StudentRecord {
        try await client.get("/v1/admin/students/\(ServiceClient.segment(id))")
    }
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
