import Foundation
import PsetModel

/// Reads the C files named on a command line into the grader's source files.
enum SourceFiles {
    /// The files' contents under their base names; with `withHeadersBeside`, also every `.h` in their directories.
    static func read(_ paths: [String], withHeadersBeside: Bool) throws -> [SourceFile] {
        var files: [SourceFile] = []
        var directories: [String] = []
        for path in paths {
            let url = URL(fileURLWithPath: path)
            guard let contents = try? String(contentsOf: url, encoding: .utf8) else {
                throw CommandError("cannot read \(path): no such file, or not UTF-8 text")
            }
            try add(SourceFile(name: url.lastPathComponent, contents: contents), to: &files)
            let directory = url.deletingLastPathComponent().path
            if !directories.contains(directory) { directories.append(directory) }
        }
        guard withHeadersBeside else { return files }
        for directory in directories {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            for name in names.sorted() where name.hasSuffix(".h") && !files.contains(where: { $0.name == name }) {
                if let contents = try? String(contentsOfFile: "\(directory)/\(name)", encoding: .utf8) {
                    files.append(SourceFile(name: name, contents: contents))
                }
            }
        }
        return files
    }

    private static func add(_ file: SourceFile, to files: inout [SourceFile]) throws {
        guard !files.contains(where: { $0.name == file.name }) else {
            throw CommandError("two files are named \(file.name); give each file once")
        }
        guard file.name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }),
            !file.name.hasPrefix("."), !file.name.hasPrefix("-")
        else {
            throw CommandError("\(file.name): use only letters, digits, '.', '_' and '-' in file names")
        }
        files.append(file)
    }
}

/// A one-line reason a command could not do its job.
struct CommandError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
