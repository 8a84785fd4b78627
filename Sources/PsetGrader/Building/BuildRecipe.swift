import Foundation
import PsetModel

/// What to compile, in two steps that never share a directory: the student's files, then the programs.
///
/// The student's files are compiled where only they and the task's headers are, so no `#include` can reach
/// a harness and no compiler message can quote one. The harnesses are compiled and linked afterwards, beside
/// the student's object files, with their `main` renamed so that the grader's entry point
/// (`Runtime/pset_harness_entry.c`) decides how a passing test ends.
struct BuildRecipe: Sendable {
    /// The submitted files; the compiler's messages about them are the ones the student sees.
    var studentFiles: [SourceFile]
    /// Headers given to the student, written beside the submission and never replaceable by it.
    var headers: [SourceFile]
    /// Grader-side files (harnesses and their headers), present only when the programs are linked.
    var support: [SourceFile]
    /// The programs to link, each the submission plus one harness (nil: the submission alone, its own `main`).
    var harnesses: [String?]
    /// The programs (indices into `harnesses`) also built with ThreadSanitizer.
    var sanitized: Set<Int>
    /// The programs also built for schedule exploration, and the runtime library they link in place of libtsan.
    var explored: Set<Int> = []
    var explorationLibrary: String?

    /// The flags every build uses; a student never chooses them.
    static let flags = ["-std=gnu17", "-Wall", "-pthread", "-g", "-fdiagnostics-color=never"]
    /// The ThreadSanitizer build's extra flags. The macros that would tell the two builds apart are made the
    /// plain build's, so a submission cannot compile other code for the race detector than for every other test.
    static let sanitizerFlags = [
        "-fsanitize=thread", "-O1", "-U__OPTIMIZE__", "-U__SANITIZE_THREAD__", "-D__NO_INLINE__",
    ]
    /// The explored build's: the submission's loads and stores instrumented (otherwise as the plain build, with
    /// the plain build's macros, so it behaves alike), linked with the exploration library instead of libtsan.
    static let explorationFlags = ["-fsanitize=thread", "-U__SANITIZE_THREAD__"]
    static let libraries = ["-lm", "-lrt"]
    /// The name a harness's `main` is compiled under; the entry point calls it.
    static let harnessMain = "pset_harness_main"
    /// The grader's entry point, written beside the harnesses.
    static let entryFile = "pset_harness_entry.c"

    /// The names of the student's `.c` files, in order; object `flavor/N.o` is the N-th.
    var studentSources: [String] { studentFiles.map(\.name).filter { $0.hasSuffix(".c") } }

    /// A shell script that compiles each student file into `flavor/N.o`.
    func compileScript(flavor: Flavor) -> String {
        var steps = ["mkdir -p \(flavor.rawValue)"]
        for (index, source) in studentSources.enumerated() {
            steps.append("gcc \(flavor.flags) -c '\(source)' -o \(flavor.rawValue)/\(index).o")
        }
        return steps.joined(separator: " && \\\n")
    }

    /// A shell script that lists, into `plain/N.o.syscalls`, the functions of each of the plain objects
    /// `indices` in which the disassembler finds a system-call instruction.
    static func disassemblyScript(_ indices: [Int]) -> String {
        indices.map { index in
            let object = "plain/\(index).o"
            return "objdump -d --no-show-raw-insn \(object) | awk '/^[0-9a-f]+ <.*>:$/ { name = $2 } "
                + "/\\t(syscall|sysenter|int +\\$0x80)( |$)/ { print name }' > \(object).syscalls"
        }.joined(separator: " && \\\n")
    }

    /// A shell script that compiles the harnesses and the entry point, then links each program into
    /// `flavor/prog-N`, from the student's objects, copied in as `student-flavor-N.o`.
    func linkScript(flavor: Flavor) -> String {
        let flags = flavor.linkFlags + " -w"
        let objects = studentSources.indices.map { Self.studentObject(flavor: flavor, index: $0) }
        var steps = ["mkdir -p \(flavor.rawValue)"]
        if harnesses.contains(where: { $0 != nil }) {
            steps.append("gcc \(flags) -c \(Self.entryFile) -o \(flavor.rawValue)/entry.o")
        }
        for (index, harness) in harnesses.enumerated() where builds(index, as: flavor) {
            var linked = objects
            if let harness {
                let object = "\(flavor.rawValue)/harness-\(index).o"
                steps.append("gcc \(flags) -Dmain=\(Self.harnessMain) -c '\(harness)' -o \(object)")
                linked += [object, "\(flavor.rawValue)/entry.o"]
            }
            let runtime = flavor == .explored ? explorationLibrary.map { ["'\($0)'"] } ?? [] : []
            let arguments = (linked + runtime + Self.libraries).joined(separator: " ")
            steps.append("gcc \(flags) -o \(flavor.rawValue)/prog-\(index) \(arguments)")
        }
        return steps.joined(separator: " && \\\n")
    }

    /// The name a student object is copied under into the link directory.
    static func studentObject(flavor: Flavor, index: Int) -> String { "student-\(flavor.rawValue)-\(index).o" }

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
        for (index, source) in studentSources.enumerated() {
            text = text.replacingOccurrences(of: "\(flavor.rawValue)/\(index).o", with: source)
        }
        return text
    }

    /// The linker's complaint in terms of the submission alone: which functions the tests need and it lacks,
    /// or defines twice. The linker names the harness's file and lines, which stay the grader's.
    func linkFailure(_ messages: String) -> String {
        func names(after marker: String) -> [String] {
            var found: [String] = []
            for line in messages.split(separator: "\n").prefix(200) {
                guard let start = line.range(of: marker)?.upperBound else { continue }
                let name = line[start...].prefix { $0 != "'" && $0 != "`" && $0 != " " }
                if !name.isEmpty, !found.contains(String(name)) { found.append(String(name.prefix(80))) }
            }
            return found
        }
        let given = headers.map(\.name).joined(separator: ", ")
        var lines: [String] = []
        var missing = names(after: "undefined reference to `")
        if missing.contains("main") {
            missing.removeAll { $0 == "main" }
            lines.append("the program has no `main`")
        }
        if !missing.isEmpty {
            let list = missing.prefix(8).map { "`\($0)`" }.joined(separator: ", ")
            lines.append(
                "the tests call \(list), which the submission does not define"
                    + (given.isEmpty ? "" : " (see \(given))"))
        }
        let twice = names(after: "multiple definition of `")
        if !twice.isEmpty {
            let list = twice.prefix(8).map { "`\($0)`" }.joined(separator: ", ")
            lines.append("\(list) defined twice: by the submission and by the tests; rename yours or make it `static`")
        }
        if lines.isEmpty { lines.append("the program could not be linked") }
        return lines.joined(separator: "\n")
    }

    /// The builds: plain, with ThreadSanitizer, and instrumented for schedule exploration.
    enum Flavor: String, Sendable, CaseIterable {
        case plain
        case sanitized = "tsan"
        case explored = "explore"

        /// The flags its objects are compiled with.
        var flags: String {
            let extra: [String] =
                switch self {
                case .plain: []
                case .sanitized: BuildRecipe.sanitizerFlags
                case .explored: BuildRecipe.explorationFlags
                }
            return (BuildRecipe.flags + extra).joined(separator: " ")
        }

        /// The flags its harnesses and programs are compiled and linked with: the explored build instruments the
        /// student's files only, so the harness's own accesses are no switch points and libtsan is never linked.
        var linkFlags: String { self == .explored ? BuildRecipe.Flavor.plain.flags : flags }
    }
}
