import Foundation
import PsetCourse
import PsetModel
import PsetService
import PsetStore
import PsetTestDatabases

/// A small bank for the service's tests: two questions (one limited to two attempts) and a coding task
/// with a visible and a hidden test, in a set with a due date, a Canvas assignment and a late penalty.
let testBank = Bank(sets: [
    ProblemSet("week") {
        Title("Week one")
        Due("2026-12-11T23:59:00Z")
        CanvasAssignment("4242")
        Late(.penaltyPerDay(0.5))
        SingleChoice("week/pick") {
            Title("Pick b")
            Topics(.pipes)
            Points(2)
            Prompt("Which letter?")
            KeepChoiceOrder()
            Choice("a", "A")
            Choice("b", "B", correct: true)
            Explanation("B is the one.")
        }
        TrueFalse("week/twice") {
            Title("At most twice")
            Topics(.signals)
            Points(1)
            MaxAttempts(2)
            Prompt("True?")
            Answer(true)
            Explanation("It is true.")
        }
        CodingProblem("week/counter") {
            Title("Counter")
            Topics(.mutexes)
            Points(10)
            Prompt("Make the counter thread-safe.")
            Starter("counter.c", "int counter;\n")
            Reference("counter.c", "int counter;\n")
            Concurrency(.threads)
            Allows(.threads, .locks)
            TestCase("visible", points: 5)
            TestCase("hidden", points: 5, hidden: true)
        }
    }
])

/// A grader that passes, fails or breaks on a marker in the submission, and can be held until a test releases it.
actor FakeGrader: SubmissionGrading {
    private var held = false
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private(set) var graded = 0
    /// The score a passing submission gets; a regrade test changes it.
    private var passingScore = 10.0

    /// Makes gradings wait in `grade` until `release()`.
    func hold() { held = true }

    func release() {
        held = false
        for continuation in waiting { continuation.resume() }
        waiting = []
    }

    func setPassingScore(_ score: Double) { passingScore = score }

    nonisolated func grade(
        _ problem: Problem, files: [SourceFile], seed: String?, progress: @escaping @Sendable (String) -> Void
    ) async -> GradingOutcome {
        progress("compiling")
        await waitIfHeld()
        return await outcome(files)
    }

    private func waitIfHeld() async {
        guard held else { return }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func outcome(_ files: [SourceFile]) -> GradingOutcome {
        graded += 1
        // The grader's own failure, as when the sandbox cannot start on this host.
        if files.contains(where: { $0.contents.contains("break the grader") }) {
            return GradingOutcome(
                score: 0, verdict: .error,
                checks: [CheckOutcome(name: "visible", passed: false, message: "not run: the sandbox could not start")])
        }
        let good = files.contains { $0.contents.contains("mutex") }
        return GradingOutcome(
            score: good ? passingScore : 0, verdict: good ? .passed : .failed,
            checks: [
                CheckOutcome(
                    name: "visible", passed: good, message: good ? "ok" : "lost updates",
                    trace: good ? nil : [TraceStep(thread: 1, file: "counter.c", line: 3, event: "writes counter (1)")]),
                CheckOutcome(name: "hidden", passed: good, message: "secret detail of the hidden test", hidden: true),
            ],
            seed: good ? nil : "seed-42")
    }
}

/// A clock a test can move.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(_ date: Date) { current = date }

    var now: Date { lock.withLock { current } }

    func set(_ date: Date) { lock.withLock { current = date } }
}

/// A course on a fresh in-memory database with a TA and two students, and their tokens.
struct TestCourse {
    let course: Course
    let grader: FakeGrader
    let clock: TestClock
    let ta: String
    let alice: String
    let bob: String

    static let due = try! Date("2026-12-11T23:59:00Z", strategy: .iso8601)
    static let beforeDue = due.addingTimeInterval(-10 * 86_400)
    /// Late by less than a day: the set's penalty halves the score.
    static let halfDayLate = due.addingTimeInterval(43_200)

    init(database: (any CourseStore)? = nil) throws {
        let grader = FakeGrader()
        let clock = TestClock(Self.beforeDue)
        self.grader = grader
        self.clock = clock
        course = try Course(
            bank: testBank, database: database ?? AppDatabase.inMemory(), grader: grader, clock: { clock.now })
        let result = try CourseAdmin(course: course).importRoster([
            RosterEntry(id: "ta1", name: "Tess", role: .ta),
            RosterEntry(
                id: "alice", name: "Alice", email: "alice@example.edu", section: "A", sisUserID: "S1",
                sisLoginID: "alice", lmsID: "101"),
            RosterEntry(id: "bob", name: "Bob", email: "bob@example.edu", section: "B"),
        ])
        let tokens = Dictionary(uniqueKeysWithValues: result.created.map { ($0.id, $0.token) })
        ta = tokens["ta1"]!
        alice = tokens["alice"]!
        bob = tokens["bob"]!
    }
}

extension TestCourse {
    /// Runs `body` with a new test course and its server on a new database of `backend`, dropped after.
    static func on(
        _ backend: StoreBackend, workers: Int, _ body: (TestCourse, PsetServer) async throws -> Void
    ) async throws {
        try await TestDatabases.withStore(backend) { store in
            let setup = try TestCourse(database: store)
            try await body(
                setup, PsetServer(course: setup.course, configuration: ServerConfiguration(port: 0, workers: workers)))
        }
    }
}
