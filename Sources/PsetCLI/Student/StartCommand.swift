import ArgumentParser
import Foundation
import PsetCourse
import PsetModel

extension Pset {
    struct Start: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a coding task's starter files and headers into a directory.")

        @Argument(help: "The coding task's id, such as threads/counter.", completion: ProblemCompletion.coding)
        var id: String

        @Argument(help: "Where to write the files (default: the current directory).", completion: .directory)
        var directory: String?

        @Flag(help: "Replace files that already exist there.")
        var force = false

        @OptionGroup var student: StudentOptions
        @OptionGroup var output: OutputOptions

        struct Written: Encodable {
            var id: String
            var directory: String
            var files: [String]
        }

        func run() async throws {
            let typed = directory
            let directory = directory ?? "."
            let files = try await student.backend().starterFiles(id)
            let folder = URL(fileURLWithPath: directory)
            if !force {
                let existing = files.map(\.name).filter {
                    FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path)
                }
                if !existing.isEmpty {
                    throw ValidationError(
                        "\(existing.joined(separator: ", ")) already exist in \(directory); pass --force to replace them"
                    )
                }
            }
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                for file in files {
                    try Data(file.contents.utf8).write(to: folder.appendingPathComponent(file.name))
                }
            } catch {
                throw ValidationError("cannot write to \(directory): \(error.localizedDescription)")
            }
            // The hint names the file as the student will type it from here, so it runs as printed.
            let first = files.first?.name ?? "FILE"
            let path = typed.map { $0.hasSuffix("/") ? $0 + first : $0 + "/" + first } ?? first
            try output.emit(Written(id: id, directory: directory, files: files.map(\.name))) { written, terminal in
                "Wrote \(written.files.joined(separator: ", ")) to \(written.directory).\n"
                    + terminal.dim("Submit with: pset submit \(written.id) \(shellQuoted(path))")
            }
        }
    }
}
