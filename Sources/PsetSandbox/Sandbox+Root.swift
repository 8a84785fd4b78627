import Glibc

extension Sandbox {
    /// The device nodes a C program may use; everything else of the host's `/dev` stays hidden.
    static let devices = ["/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom"]

    /// The steps that build a run's root: system paths read-only, `/etc` minimal, `/dev`, `/proc`,
    /// private `/tmp` and `/dev/shm`, the work directory and the request's own mounts.
    func rootEntries(for request: SandboxRequest) -> [RootEntry] {
        var entries: [RootEntry] = []
        for path in configuration.systemPaths {
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
        let user = configuration.userID
        let group = configuration.groupID
        entries += [
            RootEntry(
                kind: .file(
                    contents:
                        "root:x:0:0:root:/root:/bin/sh\nsandbox:x:\(user):\(group):sandbox:\(Self.workPath):/bin/sh\n"),
                target: "/etc/passwd"
            ),
            RootEntry(kind: .file(contents: "root:x:0:\nsandbox:x:\(group):\n"), target: "/etc/group"),
            RootEntry(
                kind: .file(contents: "127.0.0.1 localhost \(configuration.hostname)\n::1 localhost ip6-localhost\n"),
                target: "/etc/hosts"
            ),
            RootEntry(
                kind: .file(contents: "passwd: files\ngroup: files\nhosts: files\n"), target: "/etc/nsswitch.conf"),
            RootEntry(kind: .file(contents: "\(configuration.hostname)\n"), target: "/etc/hostname"),
            RootEntry(kind: .directory(mode: 0o755), target: "/dev"),
        ]
        for device in Self.devices where access(device, F_OK) == 0 {
            entries.append(RootEntry(kind: .bind(host: device, writable: true, allowsDevices: true), target: device))
        }
        let scratch = "size=\(max(request.limits.diskBytes, 4096)),mode=1777"
        entries += [
            RootEntry(kind: .symlink(destination: "/proc/self/fd"), target: "/dev/fd"),
            RootEntry(kind: .symlink(destination: "/proc/self/fd/0"), target: "/dev/stdin"),
            RootEntry(kind: .symlink(destination: "/proc/self/fd/1"), target: "/dev/stdout"),
            RootEntry(kind: .symlink(destination: "/proc/self/fd/2"), target: "/dev/stderr"),
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
