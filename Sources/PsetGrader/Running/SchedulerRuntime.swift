import Foundation
import Glibc

/// The schedule-exploration runtime, built once: the scheduler library to preload (`Runtime/pset_sched*.c`),
/// the same library with switch points at shared-memory accesses that explored builds link
/// (`Runtime/pset_sched_access.c` added), and the batch driver that runs a program under many schedules in one
/// sandboxed run (`Runtime/pset_batch.c`).
///
/// All live in a per-user cache directory and are named after a hash of their sources, so a changed
/// runtime is rebuilt and concurrent graders share one build.
package actor SchedulerRuntime {
    package static let shared = SchedulerRuntime()

    /// The built files: host paths, which runs (and the builds that link the exploration library) see at the
    /// same paths.
    package struct Files: Sendable {
        /// The scheduler alone, preloaded into plain and ThreadSanitizer builds.
        package var library: String
        /// The scheduler with the `__tsan_*` entry points of instrumented code as switch points, linked into
        /// explored builds in place of libtsan.
        var explorationLibrary: String
        var batchDriver: String
        var directory: String
    }

    /// The scheduler's sources: one shared header, one file per concern.
    static let schedulerSources: [(name: String, bytes: [UInt8])] = [
        ("pset_sched.h", PackageResources.pset_sched_h),
        ("pset_sched.c", PackageResources.pset_sched_c),
        ("pset_sched_objects.c", PackageResources.pset_sched_objects_c),
        ("pset_sched_threads.c", PackageResources.pset_sched_threads_c),
        ("pset_sched_mutex.c", PackageResources.pset_sched_mutex_c),
        ("pset_sched_cond.c", PackageResources.pset_sched_cond_c),
        ("pset_sched_sem.c", PackageResources.pset_sched_sem_c),
        ("pset_sched_time.c", PackageResources.pset_sched_time_c),
        ("pset_sched_process.c", PackageResources.pset_sched_process_c),
        ("pset_sched_watchdog.c", PackageResources.pset_sched_watchdog_c),
        ("pset_sched_lockorder.c", PackageResources.pset_sched_lockorder_c),
        ("pset_sched_forkserver.c", PackageResources.pset_sched_forkserver_c),
        ("pset_sched_trace.c", PackageResources.pset_sched_trace_c),
        ("pset_sched_fibers.c", PackageResources.pset_sched_fibers_c),
        ("pset_sched_reuse.c", PackageResources.pset_sched_reuse_c),
        ("pset_forkserver.h", PackageResources.pset_forkserver_h),
    ]
    static let accessSource: (name: String, bytes: [UInt8]) = (
        "pset_sched_access.c", PackageResources.pset_sched_access_c
    )
    /// The batch driver's: its own file, and the fork server's protocol it shares with the scheduler.
    static let driverSources: [(name: String, bytes: [UInt8])] = [
        ("pset_forkserver.h", PackageResources.pset_forkserver_h), ("pset_batch.c", PackageResources.pset_batch_c),
    ]

    /// Hidden symbols but for what the program calls, so the program's own functions never meet the runtime's.
    static let libraryFlags = ["-shared", "-fPIC", "-fvisibility=hidden", "-fno-semantic-interposition"]

    private var built: Files?

    /// The built runtime, building what was never built from these sources here.
    package func files() throws -> Files {
        if let built { return built }
        let directory = "/tmp/pset-runtime-\(getuid())"
        try Self.prepare(directory)
        let exploring = Self.schedulerSources + [Self.accessSource]
        let library = "\(directory)/pset-sched-\(Self.hash(Self.schedulerSources)).so"
        let explorationLibrary = "\(directory)/pset-explore-\(Self.hash(exploring)).so"
        let batchDriver = "\(directory)/pset-batch-\(Self.hash(Self.driverSources))"
        if access(library, R_OK) != 0 {
            try Self.build(
                Self.schedulerSources, into: library, directory: directory, flags: Self.libraryFlags,
                libraries: ["-ldl", "-pthread"])
        }
        if access(explorationLibrary, R_OK) != 0 {
            try Self.build(
                exploring, into: explorationLibrary, directory: directory, flags: Self.libraryFlags,
                libraries: ["-ldl", "-pthread"])
        }
        if access(batchDriver, X_OK) != 0 {
            try Self.build(Self.driverSources, into: batchDriver, directory: directory, flags: [], libraries: [])
        }
        let files = Files(
            library: library, explorationLibrary: explorationLibrary, batchDriver: batchDriver, directory: directory)
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

    /// Compiles `sources` (written to a private directory of their own) into `target`, renamed into place whole.
    private static func build(
        _ sources: [(name: String, bytes: [UInt8])], into target: String, directory: String, flags: [String],
        libraries: [String]
    ) throws {
        let stem = "\(directory)/build-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        guard mkdir(stem, 0o700) == 0 else {
            throw GraderError("cannot create \(stem): \(String(cString: strerror(errno)))")
        }
        defer { try? FileManager.default.removeItem(atPath: stem) }
        for source in sources {
            try Data(source.bytes).write(to: URL(fileURLWithPath: "\(stem)/\(source.name)"))
        }
        let compiled = sources.map(\.name).filter { $0.hasSuffix(".c") }.map { "\(stem)/\($0)" }
        let compiler = Process()
        compiler.executableURL = URL(fileURLWithPath: "/usr/bin/gcc")
        compiler.arguments = ["-std=gnu17", "-O2", "-Wall"] + flags + ["-o", stem + "/out"] + compiled + libraries
        let errors = Pipe()
        compiler.standardError = errors
        try compiler.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        compiler.waitUntilExit()
        guard compiler.terminationStatus == 0, rename(stem + "/out", target) == 0 else {
            throw GraderError(
                "cannot build the scheduler runtime with gcc: \(String(decoding: message, as: UTF8.self))")
        }
        chmod(target, 0o755)
    }

    /// FNV-1a over the files' names and contents, enough to tell runtime versions apart, in hexadecimal.
    private static func hash(_ sources: [(name: String, bytes: [UInt8])]) -> String {
        let value = sources.reduce(UInt64(0xcbf2_9ce4_8422_2325)) { hash, source in
            (Array(source.name.utf8) + [0] + source.bytes).reduce(hash) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
        }
        return String(value, radix: 16)
    }
}
