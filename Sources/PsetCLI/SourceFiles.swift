import ArgumentParser
import Foundation
import PsetModel

extension SourceFile {
    /// Reads the files named on a command line, and every header (`.h`) in their directories not named already.
    static func readWithHeadersBeside(_ paths: [String]) throws -> [SourceFile] {
        var files: [SourceFile] = []
        for path in paths {
            let file = try SourceFile.read(path)
            guard !files.contains(where: { $0.name == file.name }) else {
                throw ValidationError("two files are named \(file.name); give each file once")
            }
            files.append(file)
        }
        let directories = Set(paths.map { URL(fileURLWithPath: $0).deletingLastPathComponent().path })
        for directory in directories.sorted() {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            for name in names.sorted() where name.hasSuffix(".h") && !files.contains(where: { $0.name == name }) {
                files.append(try SourceFile.read("\(directory)/\(name)"))
            }
        }
        return files
    }
}
