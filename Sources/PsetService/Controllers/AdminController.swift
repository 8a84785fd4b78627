import Foundation
import Hummingbird
import Logging
import PsetCourse
import PsetStore

/// The TA routes behind `pset admin`: roster, tokens, extensions, export, regrade, the queue, students' variants,
/// people and one student's record.
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
        group.get("extensions", use: extensions)
        group.delete("extensions/{person}/{set}", use: revokeExtension)
        group.get("people", use: people)
        group.get("students/{person}", use: student)
        group.post("canvas-pushes", use: recordCanvasPushes)
        group.get("workers", use: workers)
        group.post("workers/{name}", use: addWorker)
        group.delete("workers/{name}", use: revokeWorker)
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
        let format = try ExportFormat(of: request)
        let book = try admin.gradebook(set: request.uri.queryParameters.get("set"))
        switch format {
        case .json: return try context.json(book)
        case .csv, .canvas: return context.text(try book.rendered(as: format), contentType: "text/csv; charset=utf-8")
        }
    }

    /// Regrades a problem; a client that accepts `application/x-ndjson` gets a line of progress per attempt and
    /// the report last, else the report alone once the regrade is done.
    @Sendable func regrade(_ request: Request, context: ServiceContext) async throws -> Response {
        _ = try context.requireTA()
        let id = try context.pathValue("id")
        guard request.headers[.accept]?.contains(RegradeEvent.mediaType) == true else {
            return try context.json(try await admin.regrade(id))
        }
        _ = try admin.course.lookup(id)
        return Response(
            status: .ok, headers: [.contentType: RegradeEvent.mediaType],
            body: ResponseBody { writer in
                let (events, sink) = AsyncStream.makeStream(of: RegradeEvent.self)
                async let regraded: Void = {
                    do {
                        let report = try await admin.regrade(id) { sink.yield(RegradeEvent(progress: $0)) }
                        sink.yield(RegradeEvent(report: report))
                    } catch let error as CourseError {
                        sink.yield(RegradeEvent(error: error.description))
                    } catch {
                        context.logger.error("regrade of \(id) failed: \(error)")
                        sink.yield(RegradeEvent(error: "the regrade stopped; the error is in the server's log"))
                    }
                    sink.finish()
                }()
                for await event in events {
                    try await writer.write(ByteBuffer(bytes: try ViewCoding.encoder.encode(event) + Data("\n".utf8)))
                }
                await regraded
                try await writer.finish(nil)
            })
    }

    /// The extensions granted; `?set=` and `?student=` narrow the list.
    @Sendable func extensions(_ request: Request, context: ServiceContext) async throws -> Response {
        _ = try context.requireTA()
        let query = request.uri.queryParameters
        return try context.json(try admin.extensions(set: query.get("set"), student: query.get("student")))
    }

    @Sendable func revokeExtension(_ request: Request, context: ServiceContext) async throws -> Response {
        _ = try context.requireTA()
        return try context.json(
            try admin.revokeExtension(of: try context.pathValue("person"), for: try context.pathValue("set")))
    }

    /// The course's people; `?role=student` or `?role=ta` narrows the list.
    @Sendable func people(_ request: Request, context: ServiceContext) async throws -> Response {
        _ = try context.requireTA()
        let roleName = request.uri.queryParameters.get("role")
        let role = roleName.flatMap(Person.Role.init(rawValue:))
        guard roleName == nil || role != nil else {
            throw HTTPError(.badRequest, message: "unknown role '\(roleName ?? "")'; use student or ta")
        }
        return try context.json(try admin.people(role: role))
    }

    @Sendable func student(_ request: Request, context: ServiceContext) async throws -> Response {
        _ = try context.requireTA()
        return try context.json(try admin.student(try context.pathValue("person")))
    }

    @Sendable func variant(_ request: Request, context: ServiceContext) async throws -> Response {
        _ = try context.requireTA()
        return try context.json(try admin.variant(try context.pathValue("id"), of: try context.pathValue("person")))
    }

    @Sendable func queue(_ request: Request, context: ServiceContext) async throws -> Response {
        _ = try context.requireTA()
        return try context.json(try admin.queue())
    }
}
