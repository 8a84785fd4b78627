import Hummingbird

/// Answers 405 with `Allow` when a path is one of the API's but the method is not one it takes there.
///
/// Hummingbird applies a router middleware only to the routes added after it, and to requests no route
/// matched; added after every route, this one sees only those, and tells a wrong method from a wrong path.
struct MethodNotAllowedMiddleware: RouterMiddleware {
    typealias Context = ServiceContext

    /// Each route's method and the components of its path, `{name}` standing for any one component.
    let routes: [(method: HTTPRequest.Method, components: [String])]

    init(routes: [Router<ServiceContext>.RouteDescription]) {
        self.routes = routes.map { route in
            (route.method, route.path.description.split(separator: "/").map(String.init))
        }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let path = request.uri.path
            let allowed = methods(for: path)
            guard !allowed.isEmpty else { throw error }
            let list = allowed.map(\.rawValue).joined(separator: ", ")
            throw HTTPError(
                .methodNotAllowed, headers: [.allow: list],
                message: "\(request.method) is not a method of \(path.prefix(200)); it takes \(list)")
        }
    }

    /// The methods the routes take at `path`.
    func methods(for path: String) -> [HTTPRequest.Method] {
        let components = path.split(separator: "/")
        var methods: [HTTPRequest.Method] = []
        for route in routes where route.components.count == components.count && !methods.contains(route.method) {
            let matches = zip(route.components, components).allSatisfy { pattern, component in
                (pattern.hasPrefix("{") && pattern.hasSuffix("}")) || pattern == component
            }
            if matches { methods.append(route.method) }
        }
        return methods
    }
}
