import Foundation
import PsetCourse
import PsetModel
import PsetStore

/// A small bank with one problem per policy under test.
enum Fixtures {
    static let due = Date(timeIntervalSince1970: 1_800_000_000)

    /// A question in the declared order, so the policy tests can answer by key (`VariantCourseTests` shuffles).
    static func choice(_ id: String, @ProblemBuilder policy: () -> [ProblemAttribute] = { [] }) -> SingleChoice {
        SingleChoice(id) {
            Title("Question \(id)")
            Topics(.mutexes)
            Points(2)
            Prompt("Pick one.")
            KeepChoiceOrder()
            Choice("a", "Right", correct: true)
            Choice("b", "Wrong")
            Explanation("Because a is right.")
            policy()
        }
    }

    static let bank = Bank(sets: [
        ProblemSet("demo") {
            Title("Demo")
            Due("2027-01-15T08:00:00Z")
            Late(.penaltyPerDay(0.25))
            choice("demo/first")
            choice("demo/best") { Scoring(.best) }
            choice("demo/last") { Scoring(.last) }
            choice("demo/after-due") { Reveal(.afterDue) }
            choice("demo/never") { Reveal(.never) }
            choice("demo/twice") { MaxAttempts(2) }
            CodingProblem("demo/code") {
                Title("Code")
                Topics(.mutexes)
                Points(4)
                Prompt("Write it.")
                Starter("a.c", "int main(void) { return 0; }\n")
                Header("a.h", "")
                Reference("a.c", "int main(void) { return 0; }\n")
                Concurrency(.processes)
                Allows(.standard, .output)
                TestCase("public", points: 2)
                TestCase("secret", points: 2, hidden: true)
            }
        }
    ])

    static let dueDate = bank.set("demo")!.due!
}

/// A clock a test can move.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(_ date: Date) { current = date }

    var now: Date { lock.withLock { current } }
    func set(_ date: Date) { lock.withLock { current = date } }
}

/// Grades every submission the same way, without a compiler.
struct FixedGrader: SubmissionGrading {
    var outcome: GradingOutcome

    func grade(
        _ problem: Problem, files: [SourceFile], seed: String?, progress: @escaping @Sendable (String) -> Void
    ) async -> GradingOutcome {
        progress("grading")
        return outcome
    }
}

extension Course {
    static func demo(clock: TestClock, grader: (any SubmissionGrading)? = nil) throws -> Course {
        let database = try AppDatabase.inMemory()
        for id in ["ada", "bob"] { try database.addPersonIfAbsent(Person(id: id, name: id)) }
        return try Course(bank: Fixtures.bank, database: database, grader: grader, clock: { clock.now })
    }
}
