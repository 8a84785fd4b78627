import Foundation
import Hummingbird
import PsetCourse
import PsetStore

/// The TA routes behind `pset admin`: roster, tokens, extensions, export, regrade, the queue and students' variants.
struct AdminController {
    let admin: CourseAdmin
    let limits: ServiceLimits

    func addRoutes(to group: RouterGroup<ServiceContext>) {
        group.post("roster", use: importRoster)
        group.post("tokens/{person}", use: rotateToken)
        group.delete("tokens/{person}", use: revokeToken)
        group.post("extensions", use: extend)
        group.get("export", use: export)
        group.post("regrade/{id}", use: regrade)
        group.get("queue", use: queue)
        group.get("variants/{person}/{id}", use: variant)
        group.post("canvas-pushes", use: recordCanvasPushes)
    }

    @Sendable func importRoster(_ request: Request, context: ServiceContext) async throws -> Response {
        _ = try context.requireTA()
        let body = try await request.decodeJSON(RosterImportRequest.self, limits: limits)
        return try context.json(try admin.importRoster(body.people))
    }

    @Sendable func rotateToken(_ request: Request, context: ServiceContext) async throws -> Response {
        _ = try context.requireTA()
        return try context.json(try admin.rotateToken(of: try context.pathValue("person")))
    }

    @Sendable func revokeToken(_ request: Request, context: ServiceContext) async throws -> Response {
        _ = try context.requireTA()
        return try context.json(try admin.revokeToken(of: try context.pathValue("person")))
    }

    @Sendable func extend(_ request: Request, context: ServiceContext) async throws -> Response {
        _ = try context.requireTA()
        let body = try await request.decodeJSON(ExtensionGrant.self, limits: limits)
        return try context.json(try admin.grantExtension(body))
    }

    @Sendable func export(_ request: Request, context: ServiceContext) async throws -> Response {
        _ = try context.requireTA()
        let formatName = request.uri.queryParameters.get("format") ?? ExportFormat.csv.rawValue
        guard let format = ExportFormat(rawValue: formatName) else {
            throw HTTPError(.badRequest, message: "unknown format '\(formatName)'; use csv, canvas or json")
        }
        let book = try admin.gradebook(set: request.uri.queryParameters.get("set"))
        switch format {
        case .json: return try context.json(book)
        case .csv, .canvas: return context.text(try book.rendered(as: format), contentType: "text/csv; charset=utf-8")
        }
    }

    @Sendable func regrade(_ request: Request, context: ServiceContext) async throws -> Response {
        _ = try context.requireTA()
        return try context.json(try await admin.regrade(try context.pathValue("id")))
    }

    @Sendable func variant(_ request: Request, context: ServiceContext) async throws -> Response {
        _ = try context.requireTA()
        return try context.json(try admin.variant(try context.pathValue("id"), of: try context.pathValue("person")))
    }

    @Sendable func queue(_ request: Request, context: ServiceContext) async throws -> Response {
        _ = try context.requireTA()
        return try context.json(try admin.course.database.queueCounts())
    }
}
