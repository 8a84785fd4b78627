import Foundation
import PsetSandbox

/// Runs programs in the sandbox: namespaces, limits, seccomp and full teardown for every run.
struct SandboxProgramRunner: ProgramRunner {
    let sandbox: Sandbox

    /// A runner on `sandbox`, which first removes what graders that died left on the host.
    init(sandbox: Sandbox) {
        self.sandbox = sandbox
        sandbox.removeLeftovers()
        TemporaryDirectory.removeAbandoned()
    }

    func withWorkDirectory<T: Sendable>(_ body: (String) async throws -> T) async throws -> T {
        try await sandbox.withWorkspace { workspace in try await body(workspace.path) }
    }

    func run(_ request: SandboxRequest) async throws -> SandboxResult {
        try await sandbox.run(request)
    }
}
