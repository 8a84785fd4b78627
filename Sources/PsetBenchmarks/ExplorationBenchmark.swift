import Foundation
import PsetGrader
import PsetModel
import Synchronization

/// Measures schedule exploration as `pset check` runs it: schedules per second, and how long it takes to find
/// a bug that needs 0, 1 or 2 preemptions (PCT's bug depth 1, 2, 3).
///
/// Exploration is timed from its first progress report to the end, so the build and the ThreadSanitizer run
/// before it do not count; every run is a fresh process of the explored build, forked by the fork server.
enum ExplorationBenchmark {
    /// A correct program: `THREADS` threads each add `ADDS` times under a mutex, every access a switch point.
    static let counter = """
        #include <pthread.h>
        #include <stdio.h>

        static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
        static long total;

        static void *work(void *unused) {
            for (int i = 0; i < ADDS; i++) {
                pthread_mutex_lock(&lock);
                total += 1;
                pthread_mutex_unlock(&lock);
            }
            return unused;
        }

        int main(void) {
            pthread_t threads[THREADS];
            for (int i = 0; i < THREADS; i++) pthread_create(&threads[i], NULL, work, NULL);
            for (int i = 0; i < THREADS; i++) pthread_join(threads[i], NULL);
            return total == THREADS * ADDS ? 0 : 1;
        }

        """

    /// The floor under any schedule, with no runtime and no sandbox: a fork per iteration whose child starts and
    /// joins `THREADS` threads that do nothing (none: the floor of a schedule run as fibers), then exits; prints the
    /// CPU microseconds an iteration costs.
    static let floor = """
        #include <pthread.h>
        #include <stdio.h>
        #include <sys/resource.h>
        #include <sys/wait.h>
        #include <unistd.h>

        static void *nothing(void *arg) { return arg; }

        static double seconds(int who) {
            struct rusage usage;
            getrusage(who, &usage);
            return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec
                + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
        }

        int main(void) {
            for (int i = 0; i < 1000; i++) {
                pid_t child = fork();
                if (child == 0) {
                    pthread_t threads[THREADS];
                    for (int t = 0; t < THREADS; t++) pthread_create(&threads[t], NULL, nothing, NULL);
                    for (int t = 0; t < THREADS; t++) pthread_join(threads[t], NULL);
                    _exit(0);
                }
                waitpid(child, NULL, 0);
            }
            printf("%.0f\\n", (seconds(RUSAGE_SELF) + seconds(RUSAGE_CHILDREN)) / 1000 * 1e6);
            return 0;
        }

        """

    /// The counters measured: a small one and one the size of the bank's counter tests.
    static let sizes = [(threads: 2, adds: 10), (threads: 4, adds: 200)]

    /// Two threads take turns along a chain of `LINKS` steps on a plain variable, each step only if the previous
    /// one is done: the last link is reached only when the threads alternate, one preemption per link after the
    /// second, so the assertion's bug has depth LINKS - 1.
    static let chain = """
        #include <assert.h>
        #include <pthread.h>

        static int step;

        static void *first(void *unused) {
            if (step == 0) step = 1;
            if (LINKS >= 3 && step == 2) step = 3;
            return unused;
        }

        static void *second(void *unused) {
            if (step == 1) step = 2;
            if (LINKS >= 4 && step == 3) step = 4;
            return unused;
        }

        int main(void) {
            pthread_t a, b;
            pthread_create(&a, NULL, first, NULL);
            pthread_create(&b, NULL, second, NULL);
            pthread_join(a, NULL);
            pthread_join(b, NULL);
            assert(step != LINKS);
            return 0;
        }

        """

    static func main(_ arguments: [String]) async throws {
        let schedules = integerOption("--schedules", in: arguments, default: 2000, minimum: 100)
        let search = integerOption("--search", in: arguments, default: 20000, minimum: 100)
        let grader = Grader()
        let cores = ProcessInfo.processInfo.activeProcessorCount
        print("schedule exploration, as `pset check` runs it (build and ThreadSanitizer run not counted)")
        for size in sizes {
            let source = "#define THREADS \(size.threads)\n#define ADDS \(size.adds)\n" + counter
            let rate = try await explore(grader, source: source, schedules: schedules)
            guard rate.report.verdict == .ok else { throw GraderError("the counter failed: \(rate.report.report)") }
            let explored = rate.report.runs - 1
            let perSchedule = rate.usage.cpuSeconds / Double(explored)
            func micros(_ seconds: Double) -> Int { Int((seconds / Double(explored) * 1e6).rounded()) }
            let floor = try floorMicroseconds(threads: size.threads)
            // Explored schedules run threads as fibers, whose floor is the fork and the exit alone.
            let fiberFloor = try floorMicroseconds(threads: 0)
            print(
                "\(size.threads) threads x \(size.adds) locked adds: \(explored) schedules in \(format(rate.seconds)), "
                    + "\(Int(Double(explored) / rate.seconds)) schedules/s; CPU \(micros(rate.usage.cpuSeconds)) µs "
                    + "a schedule (grader process \(micros(rate.usage.grader)), sandboxed runs \(micros(rate.usage.runs)); "
                    + "\(rate.usage.pageFaults / explored) page faults), "
                    + "\(Int(Double(cores) / perSchedule)) schedules/s on \(cores) idle cores; floor (fork, "
                    + "\(size.threads) empty threads, exit): \(floor) µs, \(Int(Double(cores) * 1e6 / Double(floor)))/s; "
                    + "with fibers (fork, exit): \(fiberFloor) µs, \(Int(Double(cores) * 1e6 / Double(fiberFloor)))/s"
            )
        }
        print("time to the first failing schedule:")
        for depth in 1...3 {
            let found = try await explore(grader, source: "#define LINKS \(depth + 1)\n" + chain, schedules: search)
            guard let seed = found.report.seed.flatMap(SeedToken.init) else {
                throw GraderError("no schedule found the depth-\(depth) bug in \(search): \(found.report.report)")
            }
            print(
                "  bug depth \(depth): \(format(found.seconds)), \(found.report.runs - 1) schedules run, found by \(seed)"
                    + " (depth \(seed.depth))")
        }
    }

    /// Checks `source` with `schedules` schedules; the seconds from the first schedule to the end, and what every
    /// process spent from the first schedule to the last (the ThreadSanitizer run after it not counted).
    private static func explore(
        _ grader: Grader, source: String, schedules: Int
    ) async throws -> (report: ProgramCheckReport, seconds: Double, usage: Usage) {
        let clock = ContinuousClock()
        let started = Marks()
        let report = try await grader.check(
            sources: [SourceFile(name: "bench.c", contents: source)], schedules: schedules
        ) { event in
            guard case .schedules(_, let explored, let total) = event else { return }
            started.markStart(clock.now, usage: Usage.now())
            if explored == total { started.markEnd(usage: Usage.now()) }
        }
        let elapsed = clock.now - (started.start?.time ?? clock.now)
        let usage = (started.end ?? Usage.now()) - (started.start?.usage ?? Usage())
        return (report, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18, usage)
    }

    /// The CPU microseconds the floor program costs an iteration with `threads` threads, built and run here.
    private static func floorMicroseconds(threads: Int) throws -> Int {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pset-floor-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try ("#define THREADS \(threads)\n" + floor).write(
            toFile: "\(directory)/floor.c", atomically: true, encoding: .utf8)
        func execute(_ path: String, _ arguments: [String]) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: path)
            process.arguments = arguments
            let output = Pipe()
            process.standardOutput = output
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { throw GraderError("\(path) failed") }
            return String(decoding: data, as: UTF8.self)
        }
        _ = try execute("/usr/bin/gcc", ["-O2", "-pthread", "-o", "\(directory)/floor", "\(directory)/floor.c"])
        let printed = try execute("\(directory)/floor", []).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let microseconds = Int(printed), microseconds > 0 else {
            throw GraderError("the floor printed \(printed)")
        }
        return microseconds
    }

    /// What this process and every descendant it (or they) waited for have used: the grader process itself (its
    /// parsing, the sandboxes it sets up), and the sandboxed runs (the batch drivers, the fork servers and every
    /// schedule's process).
    struct Usage: Sendable {
        var grader = 0.0
        var runs = 0.0
        /// Page faults of the sandboxed runs.
        var pageFaults = 0

        var cpuSeconds: Double { grader + runs }

        static func now() -> Usage {
            func usage(_ who: __rusage_who) -> rusage {
                var usage = rusage()
                getrusage(__rusage_who_t(who.rawValue), &usage)
                return usage
            }
            func seconds(_ usage: rusage) -> Double {
                Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
                    + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
            }
            let children = usage(RUSAGE_CHILDREN)
            return Usage(
                grader: seconds(usage(RUSAGE_SELF)), runs: seconds(children), pageFaults: children.ru_minflt)
        }

        static func - (end: Usage, start: Usage) -> Usage {
            Usage(
                grader: end.grader - start.grader, runs: end.runs - start.runs,
                pageFaults: end.pageFaults - start.pageFaults)
        }
    }

    private static func format(_ seconds: Double) -> String {
        seconds < 1 ? "\(Int((seconds * 1000).rounded())) ms" : "\((seconds * 100).rounded() / 100) s"
    }

    /// When a progress report first said exploration had begun, and the usage then and when it ended.
    private final class Marks: Sendable {
        private let marks = Mutex<(start: (time: ContinuousClock.Instant, usage: Usage)?, end: Usage?)>((nil, nil))

        func markStart(_ now: ContinuousClock.Instant, usage: Usage) {
            marks.withLock { $0.start = $0.start ?? (now, usage) }
        }

        func markEnd(usage: Usage) { marks.withLock { $0.end = $0.end ?? usage } }

        var start: (time: ContinuousClock.Instant, usage: Usage)? { marks.withLock { $0.start } }
        var end: Usage? { marks.withLock { $0.end } }
    }
}
