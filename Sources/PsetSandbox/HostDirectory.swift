import Glibc

/// Creation and removal of the sandbox's private directories on the host.
enum HostDirectory {
    /// Creates the staging directory if missing, readable only by the sandbox's owner, and returns it.
    static func prepareStaging(_ path: String) throws -> String {
        if mkdir(path, 0o700) != 0, errno != EEXIST {
            throw SandboxError("cannot create the sandbox directory \(path): \(describe(errno))")
        }
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR, info.st_uid == geteuid() else {
            throw SandboxError("\(path) must be a directory owned by the user running the sandbox")
        }
        return path
    }

    /// Creates a new empty directory under `parent` named `PREFIX-OWNER-RANDOM` and returns its path.
    ///
    /// The owner in the name (this process) lets a later process remove it if this one dies first.
    static func makeUnique(in parent: String, prefix: String) throws -> String {
        for _ in 0..<16 {
            let random = String(UInt64.random(in: 0...UInt64.max), radix: 36)
            let path = "\(parent)/\(prefix)-\(ResourceOwner.current)-\(random)"
            if mkdir(path, 0o755) == 0 { return path }
            if errno != EEXIST { throw SandboxError("cannot create \(path): \(describe(errno))") }
        }
        throw SandboxError("cannot find a free directory name under \(parent)")
    }

    /// The paths of the entries of `parent` named `PREFIX-OWNER-RANDOM` whose owner is no longer running.
    static func abandoned(in parent: String, prefix: String) -> [String] {
        entries(of: parent).filter { name in
            guard name.hasPrefix(prefix + "-"), let owner = ResourceOwner(inName: name) else { return false }
            return !owner.isRunning
        }.map { "\(parent)/\($0)" }
    }

    /// The names in a directory, without `.` and `..`.
    static func entries(of path: String) -> [String] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) {
                String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// What a symbolic link points to.
    static func linkDestination(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink(path, &buffer, Int(PATH_MAX))
        guard length > 0 else { return nil }
        return String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The canonical path of an existing file, every link resolved.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The system's description of an errno value.
    static func describe(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
