import Glibc

extension Sandbox {
    /// Checks that a request names places the sandbox can mount.
    func validate(_ request: SandboxRequest) throws {
        var info = stat()
        guard request.workDirectory.hasPrefix("/"), stat(request.workDirectory, &info) == 0,
            info.st_mode & S_IFMT == S_IFDIR
        else {
            throw SandboxError("the work directory \(request.workDirectory) is not an absolute path to a directory")
        }
        for mount in request.mounts {
            guard mount.hostPath.hasPrefix("/"), access(mount.hostPath, F_OK) == 0 else {
                throw SandboxError(
                    "cannot mount \(mount.hostPath) in the sandbox: it is not an absolute path that exists")
            }
            let parts = mount.sandboxPath.split(separator: "/")
            guard mount.sandboxPath.hasPrefix("/"), !parts.isEmpty, !parts.contains(".."), !parts.contains("."),
                !["proc", "dev", "etc"].contains(parts[0]), mount.sandboxPath != Self.workPath
            else {
                throw SandboxError("cannot mount at \(mount.sandboxPath) in the sandbox: choose another absolute path")
            }
        }
    }

    /// The path the sandbox executes: the request's executable, searched in its `PATH` if it has no slash.
    func resolveExecutable(of request: SandboxRequest) throws -> String {
        let name = request.executable
        if name.contains("/") { return name }
        let search = request.environment["PATH"] ?? SandboxRequest.defaultEnvironment["PATH"]!
        for directory in search.split(separator: ":") where directory.hasPrefix("/") {
            let candidate = "\(directory)/\(name)"
            if let host = hostPath(of: candidate, in: request), access(host, X_OK) == 0 {
                return candidate
            }
        }
        throw SandboxError("no program named \(name) in the sandbox's PATH (\(search))")
    }

    /// Where a path inside the sandbox lives on the host, if the sandbox shows it.
    func hostPath(of path: String, in request: SandboxRequest) -> String? {
        func under(_ prefix: String) -> Bool { Self.path(path, isWithin: prefix) }
        if under(Self.workPath) { return request.workDirectory + path.dropFirst(Self.workPath.count) }
        if let mount = request.mounts.filter({ under($0.sandboxPath) }).max(by: {
            $0.sandboxPath.count < $1.sandboxPath.count
        }) {
            return mount.hostPath + path.dropFirst(mount.sandboxPath.count)
        }
        if configuration.hiddenPaths.contains(where: under) { return nil }
        return configuration.systemPaths.contains(where: under) ? path : nil
    }
}
