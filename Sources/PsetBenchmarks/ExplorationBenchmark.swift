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
        print("schedule exploration, as `pset check` runs it (build and ThreadSanitizer run not counted)")
        for size in sizes {
            let source = "#define THREADS \(size.threads)\n#define ADDS \(size.adds)\n" + counter
            let rate = try await explore(grader, source: source, schedules: schedules)
            guard rate.report.verdict == .ok else { throw GraderError("the counter failed: \(rate.report.report)") }
            let explored = rate.report.runs - 1
            print(
                "\(size.threads) threads x \(size.adds) locked adds: \(explored) schedules in \(format(rate.seconds)), "
                    + "\(Int(Double(explored) / rate.seconds)) schedules/s")
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

    /// Checks `source` with `schedules` schedules; the seconds from the first schedule to the end.
    private static func explore(
        _ grader: Grader, source: String, schedules: Int
    ) async throws -> (report: ProgramCheckReport, seconds: Double) {
        let clock = ContinuousClock()
        let started = StartTime()
        let report = try await grader.check(
            sources: [SourceFile(name: "bench.c", contents: source)], schedules: schedules
        ) { event in
            if case .schedules = event { started.mark(clock.now) }
        }
        let elapsed = clock.now - (started.time ?? clock.now)
        return (report, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    private static func format(_ seconds: Double) -> String {
        seconds < 1 ? "\(Int((seconds * 1000).rounded())) ms" : "\((seconds * 100).rounded() / 100) s"
    }

    /// The first time a progress report said exploration had begun, from whichever task said it.
    private final class StartTime: Sendable {
        private let first = Mutex<ContinuousClock.Instant?>(nil)

        func mark(_ now: ContinuousClock.Instant) { first.withLock { $0 = $0 ?? now } }

        var time: ContinuousClock.Instant? { first.withLock { $0 } }
    }
}
