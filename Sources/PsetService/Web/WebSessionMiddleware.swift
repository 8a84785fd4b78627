import Foundation
import Hummingbird
import PsetStore

/// Identifies the signed-in person of a web page from the session cookie; without a live session the request
/// goes on anonymous, and the page decides (the sign-in page, or a 401).
struct WebSessionMiddleware: RouterMiddleware {
    typealias Context = ServiceContext
    let database: any CourseStore
    let clock: @Sendable () -> Date

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var context = context
        if let id = SessionCookie.value(in: request),
            let (session, person) = try database.webSession(
                idHash: AccessToken.hash(id), at: clock())
        {
            context.person = person
            context.webSession = session
        }
        return try await next(request, context)
    }
}
