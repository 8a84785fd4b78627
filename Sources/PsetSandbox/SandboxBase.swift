import Glibc

/// A minimal `/etc` and `/dev`, prepared once on the host and shown read-only in every run.
///
/// One bind mount each instead of one per file keeps a run's set-up and teardown short. The
/// directory's name carries what its contents depend on, so a configuration with another user or
/// host name gets its own.
struct SandboxBase: Sendable {
    /// The prepared `/etc`.
    let etc: String
    /// The prepared `/dev`.
    let dev: String
    /// Directories of the host's `/etc` to mount over their empty stand-ins in ``etc``.
    let etcDirectories: [String]
    /// An empty directory, mounted over directories of the host a run must not see.
    let emptyDirectory: String
    /// An empty file nobody may read, mounted over files of the host a run must not see.
    let emptyFile: String

    /// The version of the base's contents, part of its name, so that a base an older version built is not used.
    static let layout = 2

    /// How the names of bases being built begin; the rest is their owner and a random part.
    static let buildingPrefix = "building"

    /// The device nodes a C program may use; everything else of the host's `/dev` stays hidden.
    static let devices = ["null", "zero", "full", "random", "urandom"]

    /// Returns the base for `configuration`, creating it under `staging` if no run has yet.
    static func prepare(for configuration: SandboxConfiguration, in staging: String) throws -> SandboxBase {
        let etcFiles = configuration.systemPaths.filter { $0.hasPrefix("/etc/") && access($0, F_OK) == 0 }
        let etcDirectories = etcFiles.filter { isDirectory($0) }
        let path =
            "\(staging)/base\(layout)-\(configuration.userID)-\(configuration.groupID)-\(configuration.hostname)"
        let base = SandboxBase(
            etc: "\(path)/etc", dev: "\(path)/dev", etcDirectories: etcDirectories, emptyDirectory: "\(path)/empty",
            emptyFile: "\(path)/empty-file")
        if access(path, F_OK) == 0 { return base }

        // Built under a private name and renamed into place, so parallel runs never see half of it.
        let building = try HostDirectory.makeUnique(in: staging, prefix: buildingPrefix)
        do {
            try create(directory: "\(building)/etc")
            try create(directory: "\(building)/dev")
            try create(directory: "\(building)/empty")
            try write("", to: "\(building)/empty-file")
            guard chmod("\(building)/empty-file", 0) == 0 else { throw failure("protect", "\(building)/empty-file") }
            let user = configuration.userID
            let group = configuration.groupID
            let host = configuration.hostname
            try write(
                "root:x:0:0:root:/root:/bin/sh\nsandbox:x:\(user):\(group):sandbox:\(Sandbox.workPath):/bin/sh\n",
                to: "\(building)/etc/passwd")
            try write("root:x:0:\nsandbox:x:\(group):\n", to: "\(building)/etc/group")
            try write("127.0.0.1 localhost \(host)\n::1 localhost ip6-localhost\n", to: "\(building)/etc/hosts")
            try write("passwd: files\ngroup: files\nhosts: files\n", to: "\(building)/etc/nsswitch.conf")
            try write("\(host)\n", to: "\(building)/etc/hostname")
            for file in etcFiles {
                let copy = "\(building)\(file)"
                if etcDirectories.contains(file) {
                    try create(directory: copy)
                } else if let destination = HostDirectory.linkDestination(file) {
                    guard symlink(destination, copy) == 0 else { throw failure("link", copy) }
                } else {
                    try write(try contents(of: file), to: copy)
                }
            }
            for device in devices {
                var info = stat()
                guard stat("/dev/\(device)", &info) == 0,
                    mknod("\(building)/dev/\(device)", S_IFCHR | 0o666, info.st_rdev) == 0,
                    chmod("\(building)/dev/\(device)", 0o666) == 0
                else { throw failure("create the device", "\(building)/dev/\(device)") }
            }
            for (name, destination) in [
                ("fd", "/proc/self/fd"), ("stdin", "/proc/self/fd/0"), ("stdout", "/proc/self/fd/1"),
                ("stderr", "/proc/self/fd/2"),
            ] {
                guard symlink(destination, "\(building)/dev/\(name)") == 0 else { throw failure("link", name) }
            }
            try create(directory: "\(building)/dev/shm")
            if rename(building, path) != 0 {
                guard errno == EEXIST || errno == ENOTEMPTY else { throw failure("rename", building) }
                remove(building)
            }
        } catch {
            remove(building)
            throw error
        }
        return base
    }

    /// Removes bases that processes which have since died left half-built.
    static func removeAbandoned(in staging: String) {
        HostDirectory.abandoned(in: staging, prefix: buildingPrefix).forEach(remove)
    }

    private static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }

    private static func create(directory: String) throws {
        guard mkdir(directory, 0o755) == 0 || errno == EEXIST else { throw failure("create", directory) }
    }

    private static func contents(of path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure("read", path) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            bytes += buffer[0..<count]
        }
        return bytes
    }

    private static func write(_ text: String, to path: String) throws {
        try write(Array(text.utf8), to: path)
    }

    private static func write(_ bytes: [UInt8], to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure("write", path) }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { throw failure("write", path) }
            offset += count
        }
    }

    /// Removes a directory tree this type built (files, links, devices and directories only).
    private static func remove(_ path: String) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        if info.st_mode & S_IFMT == S_IFDIR {
            for name in HostDirectory.entries(of: path) { remove("\(path)/\(name)") }
            rmdir(path)
        } else {
            unlink(path)
        }
    }

    private static func failure(_ action: String, _ path: String) -> SandboxError {
        SandboxError("cannot \(action) \(path) for the sandbox's base: \(HostDirectory.describe(errno))")
    }
}
