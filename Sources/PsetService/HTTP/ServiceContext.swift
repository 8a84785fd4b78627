import Foundation
import Hummingbird
import PsetCourse
import PsetStore

/// The request context: Hummingbird's own, plus the person the bearer token identified.
public struct ServiceContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by the authentication middleware for every `/v1` request.
    public var person: Person?
    /// Set by the web pages' session middleware when the browser is signed in; never on `/v1`.
    public var webSession: WebSession?
    /// The grading host a worker token identified, on `/v1/worker` routes only.
    public var worker: String?
    /// The SHA-256 of that worker's token, to ask again whether it is still valid before a job is handed out.
    public var workerTokenHash: String?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.person = nil
        self.webSession = nil
        self.worker = nil
        self.workerTokenHash = nil
    }

    /// Requests and responses use the views' own JSON form, which the CLI and scripts decode.
    public var requestDecoder: JSONDecoder { ViewCoding.decoder }
    public var responseEncoder: JSONEncoder { ViewCoding.encoder }
}

extension ServiceContext {
    /// The authenticated person; the middleware guarantees one on every `/v1` route.
    func caller() throws -> Person {
        guard let person else { throw HTTPError(.unauthorized, message: "send a token: Authorization: Bearer TOKEN") }
        return person
    }

    /// The caller, who must be a TA.
    func requireTA() throws -> Person {
        let person = try caller()
        guard person.role == .ta else { throw HTTPError(.forbidden, message: "only a TA may do this") }
        return person
    }

    /// Whose data a request is about: the caller, or for a TA the student named by `?student=`.
    ///
    /// A student naming anyone but themselves is refused, so a student sees only their own data.
    func subject(_ request: Request) throws -> String {
        let person = try caller()
        guard let named = request.uri.queryParameters.get("student"), named != person.id else { return person.id }
        guard person.role == .ta else {
            throw HTTPError(.forbidden, message: "a student sees only their own work")
        }
        return named
    }

    /// A path parameter, percent-decoded, so a problem id like `ipc/pipes` can travel as `ipc%2Fpipes`.
    func pathValue(_ name: String) throws -> String {
        let raw = try parameters.require(name)
        guard let value = raw.removingPercentEncoding, !value.isEmpty else {
            throw HTTPError(.badRequest, message: "'\(raw)' is not a valid \(name)")
        }
        return value
    }
}
