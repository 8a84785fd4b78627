import Foundation
import PsetSandbox

/// Runs the grader's programs (the compiler, the submission) in private work directories.
///
/// The sandbox is the runner in production; the protocol keeps the grading logic independent of it.
protocol ProgramRunner: Sendable {
    /// Runs `body` with a fresh, empty, writable host directory, removed afterwards.
    func withWorkDirectory<T: Sendable>(_ body: (String) async throws -> T) async throws -> T

    /// Runs one program to its end or its first limit; only a runner that cannot work throws.
    func run(_ request: SandboxRequest) async throws -> SandboxResult
}
