import Glibc
import PsetSandbox
import Testing

/// A sandbox with a user of its own, a workspace, and ways to compile C into it and check the host.
///
/// The tests' sandbox user (not the default `nobody`) lets them tell this suite's processes, IPC
/// objects and files apart from anything else on the machine.
struct SandboxFixture {
    static let userID: UInt32 = 64_321

    let sandbox = Sandbox(configuration: SandboxConfiguration(userID: userID, groupID: userID))
    let workspace: SandboxWorkspace

    private init(capacityBytes: Int) throws {
        workspace = try sandbox.makeWorkspace(capacityBytes: capacityBytes)
    }

    /// Runs `body` with a fresh fixture, removes its workspace whatever happens, then checks that
    /// the host kept nothing of the runs.
    static func with(
        capacityBytes: Int = 64 << 20, sourceLocation: SourceLocation = #_sourceLocation,
        _ body: (SandboxFixture) async throws -> Void
    ) async throws {
        let fixture = try SandboxFixture(capacityBytes: capacityBytes)
        do {
            try await body(fixture)
        } catch {
            try? fixture.sandbox.removeWorkspace(fixture.workspace)
            throw error
        }
        try fixture.sandbox.removeWorkspace(fixture.workspace)
        #expect(access(fixture.workspace.path, F_OK) != 0, "the workspace is left", sourceLocation: sourceLocation)
        HostCheck.expectClean(userID: userID, sourceLocation: sourceLocation)
    }

    /// Writes `contents` to `name` in the workspace.
    func write(_ contents: String, to name: String) throws {
        let path = "\(workspace.path)/\(name)"
        guard let file = fopen(path, "w") else { throw SandboxError("cannot write \(path)") }
        fputs(contents, file)
        fclose(file)
    }

    /// Compiles C `source` with the host's gcc into the workspace as `name`; returns `./name`.
    @discardableResult
    func compile(_ source: String, as name: String = "program", flags: [String] = []) throws -> String {
        try write(source, to: "\(name).c")
        let status = try HostCheck.spawn(
            ["/usr/bin/gcc", "-std=gnu17", "-pthread", "-O1"] + flags
                + ["-o", "\(workspace.path)/\(name)", "\(workspace.path)/\(name).c"]
        )
        guard status == 0 else { throw SandboxError("gcc failed on the test program \(name).c") }
        return "./\(name)"
    }

    /// Runs `executable` in the workspace under `limits`.
    func run(
        _ executable: String, _ arguments: [String] = [], input: String = "", limits: SandboxLimits = SandboxLimits(),
        mounts: [SandboxMount] = [], environment: [String: String] = SandboxRequest.defaultEnvironment
    ) async throws -> SandboxResult {
        try await sandbox.run(
            SandboxRequest(
                executable: executable, arguments: arguments, environment: environment,
                standardInput: Array(input.utf8), workDirectory: workspace.path, mounts: mounts, limits: limits
            )
        )
    }

    /// Limits tight enough that a hostile test ends within seconds.
    static let tight = SandboxLimits(
        cpuSeconds: 2, wallSeconds: 5, memoryBytes: 128 << 20, processes: 32, openFiles: 64,
        fileSizeBytes: 4 << 20, diskBytes: 8 << 20, outputBytes: 64 << 10
    )
}
