import Foundation

/// A fragment of HTML, in which every interpolated value is escaped unless it is a fragment itself.
///
/// The pages are written with this type rather than a template engine (such as swift-mustache): each page is a
/// Swift function over the course's own view types, checked by the compiler, and no value can reach a page
/// unescaped by forgetting a filter; a few hundred lines of pages do not need a template language, and nothing
/// has to be found in a bundle at run time.
struct HTML: Sendable, Equatable, ExpressibleByStringInterpolation, CustomStringConvertible {
    /// The markup, already safe.
    private(set) var markup: String

    init(stringLiteral literal: String) {
        markup = literal
    }

    init(stringInterpolation: StringInterpolation) {
        markup = stringInterpolation.markup
    }

    /// Nothing.
    static let empty = HTML("")

    var description: String { markup }

    /// `text` with the five characters that matter in HTML text and quoted attributes escaped.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// Interpolations: fragments as they are, everything else escaped.
    struct StringInterpolation: StringInterpolationProtocol {
        var markup = ""

        init(literalCapacity: Int, interpolationCount: Int) {
            markup.reserveCapacity(literalCapacity + 16 * interpolationCount)
        }

        mutating func appendLiteral(_ literal: String) { markup += literal }
        mutating func appendInterpolation(_ fragment: HTML) { markup += fragment.markup }
        mutating func appendInterpolation(_ fragment: HTML?) { markup += fragment?.markup ?? "" }
        mutating func appendInterpolation(_ fragments: [HTML]) {
            for fragment in fragments { markup += fragment.markup }
        }
        mutating func appendInterpolation(_ text: String) { markup += HTML.escape(text) }
        mutating func appendInterpolation(_ number: Int) { markup += String(number) }
    }
}

extension HTML {
    /// A path with each segment percent-encoded, so an id like `ipc/pipes` stays one segment.
    static func path(_ segments: String...) -> String {
        "/" + segments.map { $0.addingPercentEncoding(withAllowedCharacters: .urlSegment) ?? $0 }.joined(separator: "/")
    }

    /// A query string from names and values, each percent-encoded.
    static func query(_ items: [(String, String)]) -> String {
        guard !items.isEmpty else { return "" }
        return "?"
            + items.map {
                "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .urlSegment) ?? $0.1)"
            }.joined(separator: "&")
    }

    /// A date and time in UTC, as the CLI and the API state them.
    static func date(_ date: Date) -> String {
        date.ISO8601Format().replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: " UTC")
    }
}

extension CharacterSet {
    /// Characters left as they are in a path segment or query value: RFC 3986's unreserved ones.
    static let urlSegment = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}
