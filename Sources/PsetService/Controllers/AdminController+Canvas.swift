import Hummingbird

extension AdminController {
    /// `POST /v1/admin/canvas-pushes`: records the grades a TA's `pset admin push canvas` sent to Canvas.
    @Sendable func recordCanvasPushes(_ request: Request, context: ServiceContext) async throws -> Response {
        _ = try context.requireTA()
        let body = try await request.decodeJSON(CanvasPushReport.self, limits: limits)
        return try context.json(try admin.recordCanvasPushes(body))
    }
}
