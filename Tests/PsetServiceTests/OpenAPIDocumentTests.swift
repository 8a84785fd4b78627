import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PsetService
import Testing

@Suite("The OpenAPI document")
struct OpenAPIDocumentTests {
    /// `METHOD /path/{param}` for every operation the document describes.
    static func documented(_ data: Data) throws -> Set<String> {
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        var operations = Set<String>()
        for (path, item) in paths {
            for method in item.keys where ["get", "post", "put", "delete", "patch"].contains(method) {
                operations.insert("\(method.uppercased()) \(path)")
            }
        }
        return operations
    }

    /// Whether a route is part of the JSON API the document describes, rather than a web page.
    static func isAPI(_ route: String) -> Bool {
        let path = route.split(separator: " ").last ?? ""
        return path.hasPrefix("/v1/") || path == "/health" || path == "/openapi.json"
    }

    @Test("The served document and the router describe exactly the same routes")
    func routesAgree() async throws {
        let server = PsetServer(course: try TestCourse().course)
        let routed = Set(
            server.router().routes.map { route in
                let path = route.path.description.split(separator: "/").map { component in
                    component.hasPrefix(":") ? "{\(component.dropFirst())}" : String(component)
                }
                return "\(route.method.rawValue) /" + path.joined(separator: "/")
            }.filter(Self.isAPI))
        try await server.application().test(.router) { client in
            let response = try await client.call(.get, "/openapi.json")
            #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
            let documented = try Self.documented(response.body)
            #expect(documented.subtracting(routed).isEmpty, "documented but not routed")
            #expect(routed.subtracting(documented).isEmpty, "routed but not documented")
            #expect(routed.count == 35)
        }
    }
}
