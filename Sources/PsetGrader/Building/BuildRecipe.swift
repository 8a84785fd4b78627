import Foundation
import PsetModel

/// What to compile: the student's files, the files given to them, and the programs to link.
struct BuildRecipe: Sendable {
    /// The submitted files; the compiler's messages about them are the ones the student sees.
    var studentFiles: [SourceFile]
    /// Headers and grader-side files, written beside the submission and never replaceable by it.
    var givenFiles: [SourceFile]
    /// The programs to link, each the submission plus one harness (nil: the submission alone).
    var harnesses: [String?]
    /// The programs (indices into `harnesses`) also built with ThreadSanitizer.
    var sanitized: Set<Int>
    /// Whether the given `.c` files that are not harnesses are linked into every program; for `pset check` they
    /// are there only to be included.
    var linksGivenSources = true

    /// The flags every build uses; a student never chooses them.
    static let flags = ["-std=gnu17", "-Wall", "-pthread", "-g", "-fdiagnostics-color=never"]
    /// The ThreadSanitizer build's extra flags.
    static let sanitizerFlags = ["-fsanitize=thread", "-O1"]
    static let libraries = ["-lm", "-lrt"]

    /// The `.c` files of `givenFiles` that are linked into every program: those that are not a harness.
    var sharedSources: [String] {
        guard linksGivenSources else { return [] }
        let harnessNames = Set(harnesses.compactMap { $0 })
        return givenFiles.map(\.name).filter { $0.hasSuffix(".c") && !harnessNames.contains($0) }
    }

    /// A shell script that compiles each student file, then links each program, into `flavor/`.
    func script(flavor: Flavor) -> String {
        let flags = (Self.flags + (flavor == .sanitized ? Self.sanitizerFlags : [])).joined(separator: " ")
        let sources = studentFiles.map(\.name).filter { $0.hasSuffix(".c") }
        var steps = ["mkdir -p \(flavor.rawValue)"]
        for (index, source) in sources.enumerated() {
            steps.append("gcc \(flags) -c '\(source)' -o \(flavor.rawValue)/\(index).o")
        }
        let objects = sources.indices.map { "\(flavor.rawValue)/\($0).o" }
        for (index, harness) in harnesses.enumerated() where flavor == .plain || sanitized.contains(index) {
            let extra = (harness.map { [$0] } ?? []) + sharedSources
            let linked = (objects + extra.map { "'\($0)'" } + Self.libraries).joined(separator: " ")
            steps.append("gcc \(flags) -w -o \(flavor.rawValue)/prog-\(index) \(linked)")
        }
        return steps.joined(separator: " && \\\n")
    }

    /// Compiler messages with the build's object files named after the sources they came from.
    func readable(_ messages: String, flavor: Flavor) -> String {
        var text = messages
        let sources = studentFiles.map(\.name).filter { $0.hasSuffix(".c") }
        for (index, source) in sources.enumerated() {
            text = text.replacingOccurrences(of: "\(flavor.rawValue)/\(index).o", with: source)
        }
        return text.replacingOccurrences(of: "\(flavor.rawValue)/prog-", with: "program ")
    }

    /// The two builds.
    enum Flavor: String, Sendable, CaseIterable {
        case plain
        case sanitized = "tsan"
    }
}
