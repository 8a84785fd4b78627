import Glibc

extension Sandbox {
    /// Creates a workspace holding at most `capacityBytes`, writable by the sandbox's user.
    public func makeWorkspace(capacityBytes: Int = SandboxLimits().diskBytes) throws -> SandboxWorkspace {
        let staging = try HostDirectory.prepareStaging(configuration.stagingDirectory)
        removeAbandonedWorkspaces(in: staging)
        let path = try HostDirectory.makeUnique(in: staging, prefix: Self.workspacePrefix)
        let options =
            "size=\(max(capacityBytes, 4096)),mode=0755,uid=\(configuration.userID),gid=\(configuration.groupID)"
        guard mount("pset-workspace", path, "tmpfs", UInt(MS_NOSUID | MS_NODEV), options) == 0 else {
            let code = errno
            rmdir(path)
            throw SandboxError("cannot mount a workspace at \(path): \(HostDirectory.describe(code))")
        }
        return SandboxWorkspace(path: path, capacityBytes: capacityBytes)
    }

    /// Unmounts a workspace and removes its directory, discarding what it holds.
    public func removeWorkspace(_ workspace: SandboxWorkspace) throws {
        if umount2(workspace.path, Int32(MNT_DETACH)) != 0, errno != EINVAL {
            throw SandboxError("cannot unmount the workspace \(workspace.path): \(HostDirectory.describe(errno))")
        }
        if rmdir(workspace.path) != 0, errno != ENOENT {
            throw SandboxError("cannot remove the workspace \(workspace.path): \(HostDirectory.describe(errno))")
        }
    }

    /// How the names of workspaces begin; the rest is their owner and a random part.
    static let workspacePrefix = "workspace"

    /// Removes the workspaces of processes that ended without removing them (killed, crashed).
    func removeAbandonedWorkspaces(in staging: String) {
        for path in HostDirectory.abandoned(in: staging, prefix: Self.workspacePrefix) {
            try? removeWorkspace(SandboxWorkspace(path: path, capacityBytes: 0))
        }
    }

    /// Runs `body` with a fresh workspace and removes the workspace afterwards, also when `body` throws.
    public func withWorkspace<T: Sendable>(
        capacityBytes: Int = SandboxLimits().diskBytes,
        _ body: (SandboxWorkspace) async throws -> T
    ) async throws -> T {
        let workspace = try makeWorkspace(capacityBytes: capacityBytes)
        do {
            let value = try await body(workspace)
            try removeWorkspace(workspace)
            return value
        } catch {
            try? removeWorkspace(workspace)
            throw error
        }
    }
}
