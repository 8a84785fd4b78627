import Hummingbird

/// The TA routes behind `pset admin worker`: the tokens of grading hosts.
extension AdminController {
    @Sendable func workers(_ request: Request, context: ServiceContext) async throws -> Response {
        _ = try context.requireTA()
        return try context.json(try admin.workers())
    }

    @Sendable func addWorker(_ request: Request, context: ServiceContext) async throws -> Response {
        _ = try context.requireTA()
        return try context.json(try admin.addWorker(named: try context.pathValue("name")), status: .created)
    }

    @Sendable func revokeWorker(_ request: Request, context: ServiceContext) async throws -> Response {
        _ = try context.requireTA()
        return try context.json(try admin.revokeWorker(named: try context.pathValue("name")))
    }
}
