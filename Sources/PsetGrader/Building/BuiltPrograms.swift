import Foundation

/// The binaries of a successful build, in a grader-owned directory that runs see read-only.
struct BuiltPrograms: Sendable {
    /// The host directory holding the binaries, mounted read-only at the same path in the sandbox.
    var directory: String
    /// The compiler's warnings, readable.
    var compilerOutput: String

    /// The plain build of the program linked with `harness` (index into the recipe's harnesses).
    func plain(_ program: Int) -> String { "\(directory)/plain-\(program)" }

    /// The ThreadSanitizer build of that program.
    func sanitized(_ program: Int) -> String { "\(directory)/tsan-\(program)" }

    /// The build of that program instrumented for schedule exploration.
    func explored(_ program: Int) -> String { "\(directory)/explore-\(program)" }
}
