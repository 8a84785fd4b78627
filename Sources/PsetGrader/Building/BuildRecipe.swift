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
    /// The programs also built for schedule exploration, and the runtime library they link in place of libtsan.
    var explored: Set<Int> = []
    var explorationLibrary: String?

    /// The flags every build uses; a student never chooses them.
    static let flags = ["-std=gnu17", "-Wall", "-pthread", "-g", "-fdiagnostics-color=never"]
    /// The ThreadSanitizer build's extra flags.
    static let sanitizerFlags = ["-fsanitize=thread", "-O1"]
    /// The explored build's: the submission's loads and stores instrumented (as the plain build otherwise, so it
    /// behaves alike), linked without libtsan.
    static let explorationFlags = ["-fsanitize=thread"]
    static let libraries = ["-lm", "-lrt"]

    /// The `.c` files of `givenFiles` that are linked into every program: those that are not a harness.
    var sharedSources: [String] {
        let harnessNames = Set(harnesses.compactMap { $0 })
        return givenFiles.map(\.name).filter { $0.hasSuffix(".c") && !harnessNames.contains($0) }
    }

    /// A shell script that compiles each student file, then links each program, into `flavor/`.
    ///
    /// The explored build instruments the student's files only and links the exploration library: the
    /// harness's own accesses are no switch points, and libtsan is never linked.
    func script(flavor: Flavor) -> String {
        let extraFlags: [String] =
            switch flavor {
            case .plain: []
            case .sanitized: Self.sanitizerFlags
            case .explored: Self.explorationFlags
            }
        let flags = (Self.flags + extraFlags).joined(separator: " ")
        let linkFlags = flavor == .explored ? Self.flags.joined(separator: " ") : flags
        let runtime = flavor == .explored ? explorationLibrary.map { ["'\($0)'"] } ?? [] : []
        let sources = studentFiles.map(\.name).filter { $0.hasSuffix(".c") }
        var steps = ["mkdir -p \(flavor.rawValue)"]
        for (index, source) in sources.enumerated() {
            steps.append("gcc \(flags) -c '\(source)' -o \(flavor.rawValue)/\(index).o")
        }
        let objects = sources.indices.map { "\(flavor.rawValue)/\($0).o" }
        for (index, harness) in harnesses.enumerated() where builds(index, as: flavor) {
            let extra = (harness.map { [$0] } ?? []) + sharedSources
            let linked = (objects + extra.map { "'\($0)'" } + runtime + Self.libraries).joined(separator: " ")
            steps.append("gcc \(linkFlags) -w -o \(flavor.rawValue)/prog-\(index) \(linked)")
        }
        return steps.joined(separator: " && \\\n")
    }

    /// The builds this recipe asks for.
    var flavors: [Flavor] {
        Flavor.allCases.filter { flavor in harnesses.indices.contains { builds($0, as: flavor) } }
    }

    /// Whether program `index` is built as `flavor`.
    func builds(_ index: Int, as flavor: Flavor) -> Bool {
        switch flavor {
        case .plain: true
        case .sanitized: sanitized.contains(index)
        case .explored: explored.contains(index) && explorationLibrary != nil
        }
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

    /// The builds: plain, with ThreadSanitizer, and instrumented for schedule exploration.
    enum Flavor: String, Sendable, CaseIterable {
        case plain
        case sanitized = "tsan"
        case explored = "explore"
    }
}
