import Hummingbird

/// The public routes: the OpenAPI document describing the API, and a health check.
struct DocumentController {
    func addRoutes(to router: Router<ServiceContext>) {
        router.get("openapi.json", use: openAPI)
        router.get("health", use: health)
    }

    @Sendable func openAPI(_ request: Request, context: ServiceContext) async throws -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: PackageResources.openapi_json)))
    }

    @Sendable func health(_ request: Request, context: ServiceContext) async throws -> Response {
        try context.json(["status": "ok"])
    }
}
