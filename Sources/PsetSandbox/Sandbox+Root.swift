import Glibc

extension Sandbox {
    /// The steps that build a run's root: system paths read-only with the hidden ones emptied, the base's
    /// `/etc` and `/dev`, private `/tmp` and `/dev/shm`, `/proc`, the work directory, the request's own
    /// mounts, and last the empty file over every place that would show the grader's executable.
    func rootEntries(for request: SandboxRequest, base: SandboxBase) -> [RootEntry] {
        var entries: [RootEntry] = []
        for path in configuration.systemPaths where !path.hasPrefix("/etc/") {
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            if info.st_mode & S_IFMT == S_IFLNK {
                guard let destination = HostDirectory.linkDestination(path) else { continue }
                entries.append(RootEntry(kind: .symlink(destination: destination), target: path))
            } else {
                entries.append(RootEntry(kind: .readOnly(path), target: path))
            }
        }
        for path in hiddenPaths() {
            var info = stat()
            guard lstat(path, &info) == 0, info.st_mode & S_IFMT != S_IFLNK else { continue }
            let empty = info.st_mode & S_IFMT == S_IFDIR ? base.emptyDirectory : base.emptyFile
            entries.append(RootEntry(kind: .readOnly(empty), target: path))
        }
        entries.append(RootEntry(kind: .readOnly(base.etc), target: "/etc"))
        for directory in base.etcDirectories {
            entries.append(RootEntry(kind: .readOnly(directory), target: directory))
        }
        entries.append(RootEntry(kind: .bind(host: base.dev, writable: false, allowsDevices: true), target: "/dev"))
        let scratch = "size=\(max(request.limits.diskBytes, 4096)),mode=1777"
        entries += [
            RootEntry(kind: .tmpfs(options: scratch), target: "/dev/shm"),
            RootEntry(kind: .tmpfs(options: scratch), target: "/tmp"),
            // Only the program's own processes: init, a copy of the grader, stays invisible to it.
            RootEntry(kind: .proc(options: "hidepid=2"), target: "/proc"),
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
            + graderExecutableTargets(shownBy: entries).map {
                RootEntry(kind: .readOnly(base.emptyFile), target: $0)
            }
    }

    /// The configuration's hidden paths that lie under a system path, the only places they would show.
    private func hiddenPaths() -> [String] {
        configuration.hiddenPaths.filter { hidden in
            configuration.systemPaths.contains { Self.path(hidden, isWithin: $0) && hidden != $0 }
        }
    }

    /// Every path inside the sandbox where one of `entries` would show the running grader's executable.
    ///
    /// The executable embeds the bank: reference solutions, hidden tests and explanations. A place within
    /// a hidden path is covered already, unless the entry showing it is mounted inside that path itself.
    private func graderExecutableTargets(shownBy entries: [RootEntry]) -> [String] {
        guard let executable = Self.graderExecutable else { return [] }
        let hidden = hiddenPaths()
        var targets: [String] = []
        for entry in entries {
            guard case .bind(let host, _, _) = entry.kind, let real = HostDirectory.realPath(host),
                Self.path(executable, isWithin: real)
            else { continue }
            let target = entry.target + executable.dropFirst(real == "/" ? 0 : real.count)
            let covered = hidden.contains {
                Self.path(target, isWithin: $0) && !Self.path(entry.target, isWithin: $0)
            }
            if !covered, !targets.contains(target) { targets.append(target) }
        }
        return targets
    }

    /// The running process's executable, resolved, even if it was deleted or replaced since it started.
    static let graderExecutable: String? = HostDirectory.linkDestination("/proc/self/exe").map { path in
        path.hasSuffix(" (deleted)") ? String(path.dropLast(" (deleted)".count)) : path
    }

    /// Whether `path` is `directory` or lies beneath it.
    static func path(_ path: String, isWithin directory: String) -> Bool {
        path == directory || path.hasPrefix(directory.hasSuffix("/") ? directory : directory + "/")
    }
}
