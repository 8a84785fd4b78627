import Foundation

/// A place in the program's source: a function and, when known, a file (without directories) and line.
struct CodeLocation: Sendable, Hashable, CustomStringConvertible {
    var function: String
    var file: String?
    var line: Int?

    /// `file:line`, or the function's name when the line is unknown.
    var fileLine: String {
        if let file, let line { "\(file):\(line)" } else { function }
    }

    var description: String {
        if let file, let line { "\(function) (\(file):\(line))" } else { function }
    }

    /// Parses `path/to/file.c:14` into the file's last path component and the line.
    static func splitFileLine(_ text: Substring) -> (file: String, line: Int)? {
        guard let colon = text.lastIndex(of: ":"),
            let line = Int(text[text.index(after: colon)...].prefix { $0.isNumber })
        else { return nil }
        let path = text[..<colon]
        let file = path.split(separator: "/").last.map(String.init) ?? String(path)
        return (file, line)
    }
}
