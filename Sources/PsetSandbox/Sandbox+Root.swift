import Glibc

extension Sandbox {
    /// The steps that build a run's root: system paths read-only, the base's `/etc` and `/dev`,
    /// private `/tmp` and `/dev/shm`, `/proc`, the work directory and the request's own mounts.
    func rootEntries(for request: SandboxRequest, base: SandboxBase) -> [RootEntry] {
        var entries: [RootEntry] = []
        for path in configuration.systemPaths where !path.hasPrefix("/etc/") {
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            if info.st_mode & S_IFMT == S_IFLNK {
                var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
                let length = readlink(path, &buffer, Int(PATH_MAX))
                guard length > 0 else { continue }
                let destination = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
                entries.append(RootEntry(kind: .symlink(destination: destination), target: path))
            } else {
                entries.append(
                    RootEntry(kind: .bind(host: path, writable: false, allowsDevices: false), target: path)
                )
            }
        }
        entries.append(RootEntry(kind: .bind(host: base.etc, writable: false, allowsDevices: false), target: "/etc"))
        for directory in base.etcDirectories {
            entries.append(
                RootEntry(kind: .bind(host: directory, writable: false, allowsDevices: false), target: directory)
            )
        }
        entries.append(RootEntry(kind: .bind(host: base.dev, writable: false, allowsDevices: true), target: "/dev"))
        let scratch = "size=\(max(request.limits.diskBytes, 4096)),mode=1777"
        entries += [
            RootEntry(kind: .tmpfs(options: scratch), target: "/dev/shm"),
            RootEntry(kind: .tmpfs(options: scratch), target: "/tmp"),
            RootEntry(kind: .proc, target: "/proc"),
            RootEntry(
                kind: .bind(host: request.workDirectory, writable: true, allowsDevices: false),
                target: Self.workPath
            ),
        ]
        for mount in request.mounts {
            entries.append(
                RootEntry(
                    kind: .bind(host: mount.hostPath, writable: mount.isWritable, allowsDevices: false),
                    target: mount.sandboxPath
                )
            )
        }
        return entries
    }
}
