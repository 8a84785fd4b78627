import Foundation
import Glibc

/// The schedule-exploration runtime, built once: the scheduler library to preload (`Runtime/pset_sched.c`)
/// and the batch driver that runs a program under many schedules in one sandboxed run (`Runtime/pset_batch.c`).
///
/// Both live in a per-user cache directory and are named after a hash of their source, so a changed
/// runtime is rebuilt and concurrent graders share one build.
package actor SchedulerRuntime {
    package static let shared = SchedulerRuntime()

    /// The built files: host paths, which runs see at the same paths.
    package struct Files: Sendable {
        package var library: String
        var batchDriver: String
        var directory: String
    }

    private var built: Files?

    /// The built runtime, building what was never built from these sources here.
    package func files() throws -> Files {
        if let built { return built }
        let directory = "/tmp/pset-runtime-\(getuid())"
        try Self.prepare(directory)
        let scheduler = PackageResources.pset_sched_c
        let driver = PackageResources.pset_batch_c
        let library = "\(directory)/pset-sched-\(String(Self.hash(scheduler), radix: 16)).so"
        let batchDriver = "\(directory)/pset-batch-\(String(Self.hash(driver), radix: 16))"
        if access(library, R_OK) != 0 {
            try Self.build(
                scheduler, into: library, directory: directory, flags: ["-shared", "-fPIC"],
                libraries: ["-ldl", "-pthread"])
        }
        if access(batchDriver, X_OK) != 0 {
            try Self.build(driver, into: batchDriver, directory: directory, flags: [], libraries: [])
        }
        let files = Files(library: library, batchDriver: batchDriver, directory: directory)
        built = files
        return files
    }

    /// The path of the scheduler library.
    func libraryPath() throws -> String {
        try files().library
    }

    /// The directory, created if missing, refused unless it is a real directory owned by this user.
    private static func prepare(_ directory: String) throws {
        if mkdir(directory, 0o755) != 0, errno != EEXIST {
            throw GraderError("cannot create \(directory): \(String(cString: strerror(errno)))")
        }
        var info = stat()
        guard lstat(directory, &info) == 0, info.st_mode & S_IFMT == S_IFDIR, info.st_uid == getuid() else {
            throw GraderError("\(directory) must be a directory owned by the user running the grader")
        }
    }

    private static func build(
        _ source: [UInt8], into target: String, directory: String, flags: [String], libraries: [String]
    ) throws {
        let stem = "\(directory)/build-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { unlink(stem + ".c") }
        try Data(source).write(to: URL(fileURLWithPath: stem + ".c"))
        let compiler = Process()
        compiler.executableURL = URL(fileURLWithPath: "/usr/bin/gcc")
        compiler.arguments = ["-std=gnu17", "-O2"] + flags + ["-o", stem + ".out", stem + ".c"] + libraries
        let errors = Pipe()
        compiler.standardError = errors
        try compiler.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        compiler.waitUntilExit()
        guard compiler.terminationStatus == 0, rename(stem + ".out", target) == 0 else {
            unlink(stem + ".out")
            throw GraderError(
                "cannot build the scheduler runtime with gcc: \(String(decoding: message, as: UTF8.self))")
        }
        chmod(target, 0o755)
    }

    /// FNV-1a, enough to tell runtime versions apart.
    private static func hash(_ bytes: [UInt8]) -> UInt64 {
        bytes.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }
}
