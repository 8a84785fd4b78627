import ArgumentParser
import Foundation
import PsetCourse
import PsetModel

extension Pset {
    struct Test: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a coding task's public tests on your files, as submit would; records no attempt.")

        @OptionGroup var submission: SubmissionArguments
        @OptionGroup var student: StudentOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let (id, seed, files) = (submission.id, submission.seed, try submission.read())
            var result = try await ProgressLine.showing { progress in
                try await student.backend().test(id, files: files, seed: seed, progress: progress)
            }
            result.replay = result.seed.map { submission.replay("test", seed: $0) }
            try output.emit(result) { result, terminal in
                submitText(result, heading: "public tests only, not recorded", terminal)
            }
        }
    }
}
