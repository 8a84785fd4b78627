import Foundation
import Glibc

/// The schedule-exploration runtime (`Runtime/pset_sched.c`), built once into a shared library to preload.
///
/// The library lives in a per-user cache directory named after a hash of its source, so a changed
/// runtime is rebuilt and concurrent graders share one build.
actor SchedulerRuntime {
    static let shared = SchedulerRuntime()

    private var built: String?

    /// The path of the built library, building it first if this source was never built here.
    func libraryPath() throws -> String {
        if let built { return built }
        let source = PackageResources.pset_sched_c
        let directory = "/tmp/pset-runtime-\(getuid())"
        try Self.prepare(directory)
        let library = "\(directory)/pset-sched-\(String(Self.hash(source), radix: 16)).so"
        if access(library, R_OK) != 0 {
            try Self.build(source, into: library, directory: directory)
        }
        built = library
        return library
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

    private static func build(_ source: [UInt8], into library: String, directory: String) throws {
        let stem = "\(directory)/build-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { unlink(stem + ".c") }
        try Data(source).write(to: URL(fileURLWithPath: stem + ".c"))
        let compiler = Process()
        compiler.executableURL = URL(fileURLWithPath: "/usr/bin/gcc")
        compiler.arguments = [
            "-std=gnu17", "-O2", "-shared", "-fPIC", "-o", stem + ".so", stem + ".c", "-ldl", "-pthread",
        ]
        let errors = Pipe()
        compiler.standardError = errors
        try compiler.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        compiler.waitUntilExit()
        guard compiler.terminationStatus == 0, rename(stem + ".so", library) == 0 else {
            unlink(stem + ".so")
            throw GraderError(
                "cannot build the scheduler runtime with gcc: \(String(decoding: message, as: UTF8.self))")
        }
        chmod(library, 0o755)
    }

    /// FNV-1a, enough to tell runtime versions apart.
    private static func hash(_ bytes: [UInt8]) -> UInt64 {
        bytes.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }
}
