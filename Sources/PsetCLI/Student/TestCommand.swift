import ArgumentParser
import Foundation
import PsetCourse
import PsetModel

extension Pset {
    struct Test: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a coding task's public tests on your files, as submit would; records no attempt.")

        @Argument(help: "The coding task's id.")
        var id: String

        @Argument(help: "Your files, named as the task names them (such as counter.c).", completion: .file())
        var files: [String] = []

        @Option(help: "Replay the schedule with this seed (from an earlier result).")
        var seed: String?

        @OptionGroup var student: StudentOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let sources = try files.map(SourceFile.read)
            var result = try await student.backend().test(id, files: sources, seed: seed) { note($0) }
            result.replay = result.seed.map { replayCommand("test", id, files, seed: $0) }
            try output.emit(result) { result, terminal in
                submitText(result, heading: "public tests only, not recorded", terminal)
            }
        }
    }
}
