import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import PsetService

@Suite("Errors")
struct ErrorMiddlewareTests {
    struct Unexpected: Error, CustomStringConvertible {
        var description: String { "SQLITE_IOERR at /srv/pset/course.sqlite" }
    }

    @Test("An unexpected error is a 500 with a JSON body that names no internals")
    func internalErrorsLeakNothing() async throws {
        let router = Router(context: ServiceContext.self)
        router.add(middleware: ErrorMiddleware())
        router.get("boom") { _, _ -> Response in throw Unexpected() }
        try await Application(router: router).test(.router) { client in
            let response = try await client.call(.get, "/boom")
            #expect(response.status == .internalServerError)
            #expect(response.errorMessage == "the server could not complete this request; the error is in its log")
            #expect(!response.text.contains("SQLITE"))
        }
    }
}
