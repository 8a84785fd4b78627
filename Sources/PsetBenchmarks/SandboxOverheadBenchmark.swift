import Glibc
import PsetSandbox

/// Measures what a sandboxed run costs over a bare fork/exec of the same program.
///
/// Both sides start the program, wait for it to end and nothing more; the sandbox's figure is
/// `Sandbox.run` as a caller sees it: cgroups, namespaces, root, limits, filter, capture, teardown.
enum SandboxOverheadBenchmark {
    /// The programs measured, as C sources.
    static let programs: [(name: String, source: String)] = [
        ("trivial", "int main(void) { return 0; }\n"),
        (
            "pthreads",
            """
            #include <pthread.h>
            static void *work(void *arg) { return arg; }
            int main(void) {
                pthread_t threads[4];
                for (int i = 0; i < 4; i++) pthread_create(&threads[i], 0, work, 0);
                for (int i = 0; i < 4; i++) pthread_join(threads[i], 0);
                return 0;
            }

            """
        ),
    ]

    static func main(_ arguments: [String]) async throws {
        let runs = integerOption("--runs", in: arguments, default: 200)
        let sandbox = Sandbox(configuration: SandboxConfiguration(usesCgroups: getenv("NOCG") == nil))
        try await sandbox.withWorkspace { workspace in
            print("sandbox overhead: median (and fastest) of \(runs) runs each, after 10 warm-up runs")
            print("program     bare fork/exec        sandbox                difference")
            for program in programs {
                let binary = try compile(program.source, named: program.name, in: workspace.path)
                let bare = try (0..<(runs + 10)).map { _ in try timeBare(binary) }.dropFirst(10)
                var sandboxed: [Duration] = []
                let request = SandboxRequest(executable: "./\(program.name)", workDirectory: workspace.path)
                for index in 0..<(runs + 10) {
                    let start = ContinuousClock.now
                    let result = try await sandbox.run(request)
                    let elapsed = ContinuousClock.now - start
                    guard result.termination == .exited(0) else {
                        throw SandboxError("\(program.name) ended with \(result.termination) in the sandbox")
                    }
                    if index >= 10 { sandboxed.append(elapsed) }
                }
                let bareMedian = median(Array(bare))
                let sandboxMedian = median(sandboxed)
                let bareFastest = bare.min()!
                let sandboxFastest = sandboxed.min()!
                print(
                    pad(program.name, 12) + pad("\(format(bareMedian)) (\(format(bareFastest)))", 22)
                        + pad("\(format(sandboxMedian)) (\(format(sandboxFastest)))", 23)
                        + "\(format(sandboxMedian - bareMedian)) (\(format(sandboxFastest - bareFastest)))"
                )
            }
        }
    }

    /// Compiles `source` with the host's gcc into `directory` and returns the binary's path.
    static func compile(_ source: String, named name: String, in directory: String) throws -> String {
        let sourcePath = "\(directory)/\(name).c"
        let binary = "\(directory)/\(name)"
        guard let file = fopen(sourcePath, "w") else { throw SandboxError("cannot write \(sourcePath)") }
        fputs(source, file)
        fclose(file)
        let status = try spawnAndWait(["/usr/bin/gcc", "-O2", "-pthread", "-o", binary, sourcePath])
        guard status == 0 else { throw SandboxError("gcc failed on \(name).c with status \(status)") }
        return binary
    }

    /// The time to start `binary` with `posix_spawn` and wait for it.
    static func timeBare(_ binary: String) throws -> Duration {
        let start = ContinuousClock.now
        let status = try spawnAndWait([binary])
        let elapsed = ContinuousClock.now - start
        guard status == 0 else { throw SandboxError("\(binary) exited with status \(status)") }
        return elapsed
    }

    /// Starts `arguments` with `posix_spawn` and returns its wait status.
    static func spawnAndWait(_ arguments: [String]) throws -> Int32 {
        var argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var environment: [UnsafeMutablePointer<CChar>?] = [strdup("PATH=/usr/bin:/bin"), nil]
        defer { environment.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, arguments[0], nil, nil, &argv, &environment)
        guard rc == 0 else { throw SandboxError("cannot start \(arguments[0]): \(String(cString: strerror(rc)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        return status
    }

    static func median(_ values: [Duration]) -> Duration {
        let sorted = values.sorted()
        return sorted[sorted.count / 2]
    }

    static func format(_ duration: Duration) -> String {
        let microseconds = Int((duration / .microseconds(1)).rounded())
        return "\(microseconds / 1000).\(String(microseconds % 1000).leftPadded(to: 3, with: "0")) ms"
    }
}

extension String {
    fileprivate func leftPadded(to width: Int, with character: Character) -> String {
        count >= width ? self : String(repeating: character, count: width - count) + self
    }
}
