import Glibc
import Testing

/// Checks of the host after a run: nothing of the sandbox's user may remain.
enum HostCheck {
    /// Expects no process, System V IPC object or sandbox cgroup of `userID` left on the host.
    static func expectClean(userID: UInt32, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(processes(of: userID).isEmpty, "processes of the sandbox user left", sourceLocation: sourceLocation)
        #expect(leftoverCgroups(of: userID).isEmpty, "cgroups of runs left", sourceLocation: sourceLocation)
        for kind in ["shm", "sem", "msg"] {
            #expect(
                ipcObjects(kind, of: userID) == 0, "System V \(kind) objects left on the host",
                sourceLocation: sourceLocation)
        }
    }

    /// Cgroups of runs as `userID` left under this process's own memory cgroup; runs of other sandboxes,
    /// such as the grader's tests running alongside, have other users.
    static func leftoverCgroups(of userID: UInt32) -> [String] {
        let own = read("/proc/self/cgroup").split(separator: "\n").compactMap { line -> String? in
            let fields = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            return fields.count == 3 && fields[1] == "memory" ? String(fields[2]) : nil
        }.first
        guard let own, let directory = opendir("/sys/fs/cgroup/memory\(own)") else { return [] }
        defer { closedir(directory) }
        var found: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) {
                String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name.hasPrefix("pset-\(userID)-") { found.append(name) }
        }
        return found
    }

    /// Host PIDs of processes whose real user is `userID`.
    static func processes(of userID: UInt32) -> [Int] {
        guard let directory = opendir("/proc") else { return [] }
        defer { closedir(directory) }
        var found: [Int] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) {
                String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard let pid = Int(name) else { continue }
            let status = read("/proc/\(pid)/status")
            if let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Uid:") }),
                line.split(separator: "\t").dropFirst().first == "\(userID)"
            {
                found.append(pid)
            }
        }
        return found
    }

    /// System V objects of one kind (`shm`, `sem`, `msg`) on the host owned by `userID`.
    static func ipcObjects(_ kind: String, of userID: UInt32) -> Int {
        let lines = read("/proc/sysvipc/\(kind)").split(separator: "\n").dropFirst()
        let uidColumn = ["shm": 7, "sem": 4, "msg": 7][kind]!
        return lines.filter { line in
            let fields = line.split(separator: " ")
            return fields.count > uidColumn && fields[uidColumn] == "\(userID)"
        }.count
    }

    /// A whole file as text, or "" if unreadable.
    static func read(_ path: String) -> String {
        guard let file = fopen(path, "r") else { return "" }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count == 0 { break }
            bytes += buffer[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Starts `arguments` on the host and returns its PID.
    static func start(_ arguments: [String]) throws -> pid_t {
        var argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var environment: [UnsafeMutablePointer<CChar>?] = [strdup("PATH=/usr/bin:/bin"), nil]
        defer { environment.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, arguments[0], nil, nil, &argv, &environment)
        guard rc == 0 else { throw TestFailure("cannot start \(arguments[0])") }
        return pid
    }

    /// Runs `arguments` on the host to its end and returns its wait status.
    static func spawn(_ arguments: [String]) throws -> Int32 {
        let pid = try start(arguments)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        return status
    }

    /// A failure of the tests' own set-up.
    struct TestFailure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
