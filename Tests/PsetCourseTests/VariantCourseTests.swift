import Foundation
import PsetCourse
import PsetModel
import PsetStore
import Testing

/// Per-student variants through the course rules: what each student is shown, graded against and revealed.
@Suite struct VariantCourseTests {
    /// Processes after `fork()` in a loop of n iterations, n drawn from `range`.
    static func forkLoop(_ range: ClosedRange<Int>) -> Numeric {
        Numeric("var/fork-loop") { params in
            let n = params.int("n", in: range)
            Title("Forking in a loop")
            Topics(.forkCOW)
            Points(2)
            Prompt("How many processes after `for (i = 0; i < \(n); i++) fork();`?")
            Answer(1 << n)
            Explanation("\(1 << n): the processes double \(n) times.")
        }
    }

    static let bank = Bank(sets: [
        ProblemSet("var") {
            Title("Variants")
            Due("2027-01-15T08:00:00Z")
            forkLoop(2...5)
            SingleChoice("var/pick") {
                Title("Pick")
                Topics(.pipes)
                Points(1)
                Prompt("Which end of a pipe does `fd[0]` hold?")
                Choice("a", "The read end", correct: true)
                Choice("b", "The write end")
                Choice("c", "Both ends")
                Choice("d", "Neither")
                Choice("e", "Whichever was opened first")
                Explanation("`fd[0]` is the read end.")
            }
            CodingProblem("var/counter") { params in
                let threads = params.int("threads", in: 2...9)
                Title("Counter")
                Topics(.mutexes)
                Points(2)
                Prompt("Write it.")
                Starter("a.c", "")
                Reference("a.c", "")
                Concurrency(.threads)
                TestCase("public", points: 1, arguments: ["4"])
                TestCase("secret", points: 1, hidden: true, arguments: ["\(threads)"])
            }
        }
    ])

    static let students = (1...24).map { "s\($0)" }
    let clock = TestClock(Date(timeIntervalSince1970: 1_790_000_000))

    /// A course whose secret is fixed, so the students' variants are the same on every run of the test.
    func course(_ database: AppDatabase? = nil, grader: (any SubmissionGrading)? = nil) throws -> Course {
        let database = try database ?? AppDatabase.inMemory()
        _ = try database.variantSecret(candidate: Data("a fixed secret for the tests, 32 bytes+".utf8))
        for id in Self.students { try database.addPersonIfAbsent(Person(id: id, name: id)) }
        return try Course(bank: Self.bank, database: database, grader: grader, clock: { [clock] in clock.now })
    }

    /// The answer key of a student's variant, as a TA reads it.
    func answer(_ course: Course, _ id: String, _ student: String) throws -> AnswerKey {
        try #require(try course.variantView(id, of: student).answer)
    }

    /// Two students whose variants of a problem differ, found among the roster (whose variants must not all agree).
    func twoStudents(differingAt id: String, _ course: Course) throws -> (String, String) {
        let keyed = try Self.students.map { ($0, try course.variantView(id, of: $0).variant) }
        let first = keyed[0]
        let other = try #require(keyed.first { $0.1 != first.1 }, "24 students all drew the same variant of \(id)")
        return (first.0, other.0)
    }

    @Test func twoStudentsGetDifferentVariantsAndEachIsGradedAgainstTheirOwn() throws {
        let course = try course()
        let (ada, bob) = try twoStudents(differingAt: "var/fork-loop", course)
        let adaView = try course.show("var/fork-loop", for: ada)
        let bobView = try course.show("var/fork-loop", for: bob)
        #expect(adaView.prompt != bobView.prompt)
        let adaAnswer = try answer(course, "var/fork-loop", ada)
        let bobAnswer = try answer(course, "var/fork-loop", bob)
        #expect(adaAnswer != bobAnswer)
        #expect(try course.answer("var/fork-loop", [adaAnswer.description], by: ada).correct)
        let copied = try course.answer("var/fork-loop", [adaAnswer.description], by: bob)
        #expect(!copied.correct && copied.score == 0, "an answer copied from another student's variant is wrong")
    }

    @Test func twoStudentsSeeTheChoicesInDifferentOrdersAndAnswerInTheirOwnKeys() throws {
        let course = try course()
        let (ada, bob) = try twoStudents(differingAt: "var/pick", course)
        let adaChoices = try #require(try course.show("var/pick", for: ada).choices)
        let bobChoices = try #require(try course.show("var/pick", for: bob).choices)
        #expect(adaChoices.map(\.key) == ["a", "b", "c", "d", "e"] && bobChoices.map(\.key) == adaChoices.map(\.key))
        #expect(adaChoices.map(\.text) != bobChoices.map(\.text))
        #expect(Set(adaChoices.map(\.text)) == Set(bobChoices.map(\.text)))
        let adaKey = try #require(adaChoices.first { $0.text == "The read end" }?.key)
        let bobKey = try #require(bobChoices.first { $0.text == "The read end" }?.key)
        let adaResult = try course.answer("var/pick", [adaKey], by: ada)
        #expect(adaResult.correct && adaResult.answer == .choice(adaKey))
        let bobResult = try course.answer("var/pick", [bobKey], by: bob)
        #expect(bobResult.correct && bobResult.answer == .choice(bobKey))
        // The TA reads both in the bank's keys.
        #expect(try course.variantView("var/pick", of: ada).attempts.map(\.bankResponse) == ["a"])
        #expect(try course.variantView("var/pick", of: bob).attempts.map(\.bankResponse) == ["a"])
    }

    @Test func theRevealAfterTheFirstAttemptShowsThatStudentsAnswerOnly() throws {
        let course = try course()
        let (ada, bob) = try twoStudents(differingAt: "var/fork-loop", course)
        let adaAnswer = try answer(course, "var/fork-loop", ada)
        let result = try course.answer("var/fork-loop", ["1"], by: ada)
        #expect(result.revealed && result.answer == adaAnswer)
        #expect(result.explanation?.hasPrefix("\(adaAnswer):") == true)
        let adaView = try course.show("var/fork-loop", for: ada)
        #expect(adaView.revealed && adaView.answer == adaAnswer)
        let bobView = try course.show("var/fork-loop", for: bob)
        #expect(!bobView.revealed && bobView.answer == nil && bobView.explanation == nil)
        _ = try course.answer("var/fork-loop", ["1"], by: bob)
        #expect(try course.show("var/fork-loop", for: bob).answer == answer(course, "var/fork-loop", bob))
        #expect(try course.show("var/fork-loop", for: bob).answer != adaAnswer)
    }

    @Test func theSameStudentAlwaysSeesTheSameVariant() throws {
        let database = try AppDatabase.inMemory()
        let course = try course(database)
        for student in Self.students.prefix(6) {
            let first = try course.show("var/pick", for: student)
            #expect(try course.show("var/pick", for: student) == first)
            #expect(try self.course(database).show("var/pick", for: student) == first, "reopening the course")
            _ = try course.answer("var/pick", ["a"], by: student)
            #expect(try course.show("var/pick", for: student).choices == first.choices)
        }
    }

    @Test func anAnsweredVariantStaysWhenTheBankChanges() throws {
        let database = try AppDatabase.inMemory()
        let course = try course(database)
        let student = Self.students[0]
        let answered = try course.answer("var/fork-loop", ["3"], by: student)
        let before = try course.show("var/fork-loop", for: student)
        // The next release narrows the range; what the student answered must still be what they see.
        let narrowed = Bank(sets: [
            ProblemSet("var") {
                Title("Variants")
                Self.forkLoop(6...7)
            }
        ])
        let later = try Course(bank: narrowed, database: database, clock: { [clock] in clock.now })
        let after = try later.show("var/fork-loop", for: student)
        #expect(after.prompt == before.prompt && after.answer == answered.answer)
        let fresh = try later.show("var/fork-loop", for: Self.students[1]).prompt
        #expect(
            fresh.contains("i < 6;") || fresh.contains("i < 7;"), "a student who has not answered gets the new range")
    }

    @Test func eachSubmissionIsGradedOnItsStudentsHiddenTestsAndARegradeKeepsThem() async throws {
        let recorder = ArgumentRecorder()
        let course = try course(grader: recorder)
        let (ada, bob) = try twoStudents(differingAt: "var/counter", course)
        let files = [SourceFile(name: "a.c", contents: "int x;\n")]
        _ = try await course.submit("var/counter", files: files, by: ada)
        _ = try await course.submit("var/counter", files: files, by: bob)
        let graded = await recorder.arguments
        #expect(graded.count == 2 && graded[0]["public"] == ["4"] && graded[1]["public"] == ["4"])
        #expect(graded[0]["secret"] != graded[1]["secret"])
        let adaTests = try #require(try course.variantView("var/counter", of: ada).tests)
        #expect(adaTests.first { $0.name == "secret" }?.arguments == graded[0]["secret"])
        #expect(try course.database.attempts(of: ada).first?.attempt.variant?.parameters["threads"] != nil)

        let report = try await course.regrade("var/counter")
        #expect(report.regraded == 2)
        let regraded = await recorder.arguments
        #expect(regraded.count == 4 && regraded[2] == graded[0] && regraded[3] == graded[1])
    }

    @Test func aCorrectedAnswerKeyIsRegradedInTheKeysEachStudentSaw() async throws {
        let database = try AppDatabase.inMemory()
        let course = try course(database)
        // Everyone picks "The read end", each under their own key; the bank wrongly says "The write end".
        let wrongKey = Bank(sets: [
            ProblemSet("var") {
                Title("Variants")
                SingleChoice("var/pick") {
                    Title("Pick")
                    Topics(.pipes)
                    Points(1)
                    Prompt("Which end of a pipe does `fd[0]` hold?")
                    Choice("a", "The read end")
                    Choice("b", "The write end", correct: true)
                    Choice("c", "Both ends")
                    Choice("d", "Neither")
                    Choice("e", "Whichever was opened first")
                    Explanation("`fd[0]` is the write end.")
                }
            }
        ])
        let before = try Course(bank: wrongKey, database: database, clock: { [clock] in clock.now })
        let students = Array(Self.students.prefix(8))
        for student in students {
            let key = try #require(
                try before.show("var/pick", for: student).choices?.first { $0.text == "The read end" })
            #expect(try before.answer("var/pick", [key.key], by: student).correct == false)
        }
        #expect(Set(try students.map { try before.database.attempts(of: $0)[0].attempt.response }).count > 1)
        let report = try await course.regrade("var/pick")
        #expect(report.regraded == 8 && Set(report.changed.map(\.student)) == Set(students))
        #expect(report.changed.allSatisfy { $0.before == 0 && $0.after == 1 && $0.verdict == .passed })
        for student in students {
            #expect(try course.problems(for: student).first { $0.id == "var/pick" }?.score == 1)
            #expect(try course.database.attempts(of: student).count == 1, "a regrade adds gradings, not attempts")
        }
    }

    @Test func aVariantCanBeViewedOnlyForAKnownPerson() throws {
        let course = try course()
        #expect(throws: CourseError.unknownPerson("nobody")) { try course.variantView("var/pick", of: "nobody") }
        let view = try course.variantView("var/pick", of: Self.students[0])
        let choices = try #require(view.choices)
        #expect(choices.filter(\.correct).map(\.bankKey) == ["a"])
        #expect(choices.map(\.bankKey) == view.variant.choiceOrder)
        let correct = try #require(choices.first { $0.correct })
        #expect(view.answer == .choice(correct.key))
    }
}

/// Records the arguments of every test of each problem it is asked to grade, and passes everything.
actor ArgumentRecorder: SubmissionGrading {
    private(set) var arguments: [[String: [String]]] = []

    func record(_ tests: [TaskTest]) {
        arguments.append(Dictionary(uniqueKeysWithValues: tests.map { ($0.name, $0.arguments) }))
    }

    nonisolated func grade(
        _ problem: Problem, files: [SourceFile], seed: String?, progress: @escaping @Sendable (String) -> Void
    ) async -> GradingOutcome {
        await record(problem.codingTask?.tests ?? [])
        return GradingOutcome(score: 2, verdict: .passed, checks: [])
    }
}
