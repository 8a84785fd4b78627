import Crypto
import Foundation
import HTTPTypes
import Hummingbird

/// The cookie that carries a web session's id: HttpOnly, SameSite=Strict, and Secure when the request came over
/// TLS (directly, or through a proxy that says so).
enum SessionCookie {
    static let name = "pset_session"
    /// How long a sign-in lasts.
    static let lifetime: TimeInterval = 12 * 3600

    /// The session id the request's cookies carry, if any.
    static func value(in request: Request) -> String? {
        request.cookies[name].map(\.value).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The cookie that stores `id` in the browser.
    static func setting(_ id: String, for request: Request) -> Cookie {
        Cookie(
            name: name, value: id, maxAge: Int(lifetime), path: "/", secure: isSecure(request), httpOnly: true,
            sameSite: .strict)
    }

    /// The cookie that removes the session's from the browser.
    static func clearing(for request: Request) -> Cookie {
        Cookie(
            name: name, value: "", maxAge: 0, path: "/", secure: isSecure(request), httpOnly: true, sameSite: .strict)
    }

    /// Whether the request came over TLS: its scheme, or a proxy's `X-Forwarded-Proto` (which can only make the
    /// cookie stricter).
    static func isSecure(_ request: Request) -> Bool {
        request.head.scheme == "https"
            || request.headers[HTTPField.Name("X-Forwarded-Proto")!]?.lowercased() == "https"
    }

    /// A new random value of 256 bits, base64url: a session id, or a form's CSRF token.
    static func randomValue() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Whether a posted CSRF token is the session's, compared in constant time.
    static func matches(_ posted: String?, _ expected: String) -> Bool {
        guard let posted else { return false }
        let a = Array(posted.utf8)
        let b = Array(expected.utf8)
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
