import CPsetSandbox
import Glibc

/// One step in building a run's root directory, as the sandbox's init process performs it.
struct RootEntry: Sendable, Hashable {
    /// What the step does.
    enum Kind: Sendable, Hashable {
        /// Shows a host path; read-only unless writable, devices usable only if `allowsDevices`.
        case bind(host: String, writable: Bool, allowsDevices: Bool)
        /// A fresh tmpfs with these mount options.
        case tmpfs(options: String)
        /// The PID namespace's own `/proc`, with these mount options.
        case proc(options: String)
        /// A symbolic link to `destination`.
        case symlink(destination: String)
        /// A file with these contents.
        case file(contents: String)
        /// An empty directory with this mode.
        case directory(mode: UInt32)

        /// Shows a host path read-only, its device nodes unusable.
        static func readOnly(_ host: String) -> Kind {
            .bind(host: host, writable: false, allowsDevices: false)
        }
    }

    /// What the step does.
    var kind: Kind
    /// The absolute path inside the sandbox.
    var target: String

    /// The C form of the step, with strings owned by `arena`.
    func cValue(in arena: CStringArena) -> pset_mount {
        var entry = pset_mount(
            kind: 0, flags: 0, source: nil, target: arena.string(target), length: 0, mode: 0
        )
        switch kind {
        case .bind(let host, let writable, let allowsDevices):
            entry.kind = Int32(PSET_MOUNT_BIND.rawValue)
            entry.source = UnsafePointer(arena.string(host))
            entry.flags =
                (writable ? 0 : Int32(PSET_MOUNT_READ_ONLY)) | (allowsDevices ? 0 : Int32(PSET_MOUNT_NO_DEVICES))
        case .tmpfs(let options):
            entry.kind = Int32(PSET_MOUNT_TMPFS.rawValue)
            entry.source = UnsafePointer(arena.string(options))
            entry.flags = Int32(PSET_MOUNT_NO_DEVICES)
        case .proc(let options):
            entry.kind = Int32(PSET_MOUNT_PROC.rawValue)
            entry.source = UnsafePointer(arena.string(options))
        case .symlink(let destination):
            entry.kind = Int32(PSET_MOUNT_SYMLINK.rawValue)
            entry.source = UnsafePointer(arena.string(destination))
        case .file(let contents):
            entry.kind = Int32(PSET_MOUNT_FILE.rawValue)
            entry.source = UnsafePointer(arena.string(contents))
            entry.length = contents.utf8.count
            entry.mode = 0o644
        case .directory(let mode):
            entry.kind = Int32(PSET_MOUNT_DIR.rawValue)
            entry.mode = mode
        }
        return entry
    }
}
