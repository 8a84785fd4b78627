import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore

extension TestClientProtocol {
    /// Asks for a web page, with the session cookie when one is given, and optionally posts a form.
    func page(
        _ method: HTTPRequest.Method, _ uri: String, cookie: String? = nil, form: String? = nil,
        headers extra: HTTPFields = [:]
    ) async throws -> APIResponse {
        var headers = extra
        if let cookie { headers[.cookie] = cookie }
        if form != nil { headers[.contentType] = "application/x-www-form-urlencoded" }
        return try await execute(uri: uri, method: method, headers: headers, body: form.map { ByteBuffer(string: $0) })
        {
            APIResponse(status: $0.status, headers: $0.headers, body: Data($0.body.readableBytesView))
        }
    }

    /// Signs in with a token and returns the session cookie as a browser sends it back (`pset_session=...`).
    func signIn(_ token: String) async throws -> String {
        let response = try await page(.post, "/login", form: "token=\(token)")
        guard response.status == .seeOther, let cookie = response.headers[.setCookie]?.split(separator: ";").first
        else { throw HTTPError(.internalServerError, message: "sign-in answered \(response.status)") }
        return String(cookie)
    }
}

extension APIResponse {
    /// The CSRF token of the page's sign-out form.
    var csrfToken: String? {
        guard let range = text.range(of: "name=\"csrf\" value=\"") else { return nil }
        return String(text[range.upperBound...].prefix { $0 != "\"" })
    }
}
