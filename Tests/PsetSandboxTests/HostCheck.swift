import Foundation
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

    /// Whether this process's cgroup v2 group reports pressure stall information, as runs then do.
    static var reportsCPUPressure: Bool {
        read("/proc/self/cgroup").split(separator: "\n").contains { line in
            guard line.hasPrefix("0::") else { return false }
            let group = line.dropFirst(3)
            let mount =
                access("/sys/fs/cgroup/unified/cgroup.procs", F_OK) == 0 ? "/sys/fs/cgroup/unified" : "/sys/fs/cgroup"
            return access("\(mount)\(group)/cpu.pressure", R_OK) == 0
        }
    }

    /// Cgroups of runs as `userID` left under this process's own memory cgroup; runs of other sandboxes,
    /// such as the grader's tests running alongside, have other users.
    static func leftoverCgroups(of userID: UInt32) -> [String] {
        runCgroups(named: "pset-\(userID)-", controllers: ["memory"])
    }

    /// Paths of the run cgroups whose names begin with `prefix`, under this process's own groups.
    static func runCgroups(named prefix: String, controllers: [String] = ["memory", "pids", "cpuacct"]) -> [String] {
        cgroupParents(controllers: controllers).flatMap { parent in
            entries(of: parent).filter { $0.hasPrefix(prefix) }.map { "\(parent)/\($0)" }
        }
    }

    /// The directories of this process's own groups of these controllers.
    static func cgroupParents(controllers: [String]) -> [String] {
        read("/proc/self/cgroup").split(separator: "\n").compactMap { line -> String? in
            let fields = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3,
                let controller = fields[1].split(separator: ",").first(where: { controllers.contains(String($0)) })
            else { return nil }
            return "/sys/fs/cgroup/\(controller)\(fields[2])".droppingSuffix("/")
        }
    }

    /// Host PIDs of processes whose real user is `userID`.
    static func processes(of userID: UInt32) -> [Int] {
        entries(of: "/proc").compactMap { Int($0) }.filter { pid in
            let status = read("/proc/\(pid)/status")
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Uid:") }) else { return false }
            return line.split(separator: "\t").dropFirst().first == "\(userID)"
        }
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

    /// The names in a directory, without `.` and `..`; empty if it cannot be read.
    static func entries(of path: String) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
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

    /// Host PIDs of the processes whose command lines begin with `arguments`.
    static func processes(withArguments arguments: [String]) -> [pid_t] {
        entries(of: "/proc").compactMap { pid_t($0) }.filter { pid in
            let words = read("/proc/\(pid)/cmdline").split(separator: "\0", omittingEmptySubsequences: false)
            return words.count >= arguments.count && zip(words, arguments).allSatisfy { $0 == $1 }
        }
    }

    /// Waits until `probe` returns a value, checking every 20 ms; throws after `seconds`.
    static func waitFor<T>(seconds: Double, _ probe: () -> T?) async throws -> T {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while true {
            if let value = probe() { return value }
            guard ContinuousClock.now < deadline else { throw TestFailure("nothing came within \(seconds) s") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// A new empty directory under /tmp for a test's own files.
    static func makeDirectory() throws -> String {
        var template = Array("/tmp/pset-sandbox-test-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw TestFailure("cannot create a directory under /tmp") }
        return String(cString: made)
    }

    /// Removes a directory of the test's and everything in it.
    static func removeTree(_ path: String) {
        _ = try? spawn(["/bin/rm", "-rf", path])
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

extension String {
    /// The string without one trailing `suffix`, if it ends with it.
    fileprivate func droppingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
