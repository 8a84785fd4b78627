import Foundation
import PsetModel

extension SourceFile {
    /// The files named on a command line, and every file beside them that they include (`#include "name"`),
    /// and so on through what those include.
    ///
    /// Only plain names are looked up, in the directory of the file that includes them; a name found nowhere
    /// is left to the compiler (it may be a system header written in quotes).
    static func readWithIncludes(_ paths: [String]) throws -> (named: [SourceFile], included: [SourceFile]) {
        var named: [SourceFile] = []
        var directories: [String: String] = [:]
        for path in paths {
            let file = try SourceFile.read(path)
            guard !named.contains(where: { $0.name == file.name }) else {
                throw SourceFileError("two files are named \(file.name); give each file once")
            }
            named.append(file)
            directories[file.name] = URL(fileURLWithPath: path).deletingLastPathComponent().path
        }
        var included: [SourceFile] = []
        var pending = named
        while let file = pending.popLast() {
            for name in Self.includedNames(file.contents) {
                guard !name.contains("/"), !named.contains(where: { $0.name == name }),
                    !included.contains(where: { $0.name == name }), let directory = directories[file.name]
                else { continue }
                let path = "\(directory)/\(name)"
                guard FileManager.default.fileExists(atPath: path) else { continue }
                let companion = try SourceFile.read(path)
                included.append(companion)
                directories[name] = directory
                pending.append(companion)
            }
        }
        return (named, included)
    }

    /// The names in a source's `#include "..."` lines, in order.
    static func includedNames(_ contents: String) -> [String] {
        contents.split(separator: "\n").compactMap { line in
            line.wholeMatch(of: /\s*#\s*include\s*"([^"]+)".*/).map { String($0.1) }
        }
    }
}

/// A file `pset check` cannot use, in one line.
struct SourceFileError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
