import Foundation
import Hummingbird
import PsetStore

/// Identifies a grading host by the SHA-256 of its worker token; a person's token is not one, and is a 401.
struct WorkerAuthMiddleware: RouterMiddleware {
    typealias Context = ServiceContext
    let database: any CourseStore

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let token = try request.bearerToken(
            missing: "send a worker token: Authorization: Bearer TOKEN (`pset admin worker add NAME` issues one)")
        let hash = AccessToken.hash(token)
        guard let name = try database.workerName(withTokenHash: hash) else {
            throw HTTPError.invalidToken(
                "this is not a worker token (revoked or mistyped); `pset admin worker add NAME` issues one")
        }
        var context = context
        context.worker = name
        context.workerTokenHash = hash
        return try await next(request, context)
    }
}

extension Request {
    /// The bearer token of the `Authorization` header, or a 401 saying `missing` how to send one.
    func bearerToken(missing message: String) throws -> String {
        guard let header = headers[.authorization], header.lowercased().hasPrefix("bearer ") else {
            throw HTTPError(.unauthorized, headers: [.wwwAuthenticate: "Bearer"], message: message)
        }
        return header.dropFirst("bearer ".count).trimmingCharacters(in: .whitespaces)
    }
}

extension HTTPError {
    /// The 401 for a token nobody has.
    static func invalidToken(_ message: String) -> HTTPError {
        HTTPError(.unauthorized, headers: [.wwwAuthenticate: "Bearer error=\"invalid_token\""], message: message)
    }
}
