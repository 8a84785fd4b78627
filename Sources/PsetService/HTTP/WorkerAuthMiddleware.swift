import Foundation
import Hummingbird
import PsetStore

/// Identifies a grading host by the SHA-256 of its worker token; a person's token is not one, and is a 401.
struct WorkerAuthMiddleware: RouterMiddleware {
    typealias Context = ServiceContext
    let database: AppDatabase

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else {
            throw HTTPError(
                .unauthorized, headers: [.wwwAuthenticate: "Bearer"],
                message: "send a worker token: Authorization: Bearer TOKEN (`pset admin worker add NAME` issues one)")
        }
        let token = header.dropFirst("bearer ".count).trimmingCharacters(in: .whitespaces)
        guard let name = try database.workerName(withTokenHash: AccessToken.hash(token)) else {
            throw HTTPError(
                .unauthorized, headers: [.wwwAuthenticate: "Bearer error=\"invalid_token\""],
                message: "this is not a worker token (revoked or mistyped); `pset admin worker add NAME` issues one")
        }
        var context = context
        context.worker = name
        return try await next(request, context)
    }
}
