import Foundation
import PsetCourse
import PsetModel
import PsetStore
import Testing

@Suite struct RevealTests {
    let clock = TestClock(Fixtures.dueDate.addingTimeInterval(-86_400))

    @Test func nothingIsRevealedBeforeTheFirstAttempt() throws {
        let course = try Course.demo(clock: clock)
        let view = try course.show("demo/first", for: "ada")
        #expect(!view.revealed && view.answer == nil && view.explanation == nil)
        let json = String(decoding: try JSONEncoder().encode(view), as: UTF8.self)
        #expect(!json.contains("Because a is right"))
        #expect(!json.contains("\"answer\""))
    }

    @Test func theFirstAttemptRevealsForThatStudentOnly() throws {
        let course = try Course.demo(clock: clock)
        let result = try course.answer("demo/first", ["b"], by: "ada")
        #expect(result.revealed && result.answer == .choice("a") && result.explanation == "Because a is right.")
        #expect(try course.show("demo/first", for: "ada").revealed)
        #expect(try course.show("demo/first", for: "bob").revealed == false)
    }

    @Test func anInvalidAnswerIsRefusedAndDoesNotCount() throws {
        let course = try Course.demo(clock: clock)
        for values in [["z"], [""], ["a", "b"], []] {
            #expect(throws: CourseError.self) { try course.answer("demo/first", values, by: "ada") }
        }
        let view = try course.show("demo/first", for: "ada")
        #expect(view.attempts == 0 && !view.revealed)
    }

    @Test func afterDueRevealsOnlyOnceTheDueDateHasPassed() throws {
        let course = try Course.demo(clock: clock)
        let result = try course.answer("demo/after-due", ["a"], by: "ada")
        #expect(!result.revealed && result.explanation == nil)
        clock.set(Fixtures.dueDate.addingTimeInterval(1))
        #expect(try course.show("demo/after-due", for: "ada").revealed)
    }

    @Test func anExtensionDelaysAnAfterDueReveal() throws {
        let course = try Course.demo(clock: clock)
        try course.database.grantExtension(
            personID: "ada", setID: "demo", until: Fixtures.dueDate.addingTimeInterval(2 * 86_400), at: clock.now)
        clock.set(Fixtures.dueDate.addingTimeInterval(86_400))
        #expect(try course.show("demo/after-due", for: "ada").revealed == false)
        #expect(try course.show("demo/after-due", for: "bob").revealed)
    }

    @Test func neverMeansNever() throws {
        let course = try Course.demo(clock: clock)
        _ = try course.answer("demo/never", ["a"], by: "ada")
        clock.set(Fixtures.dueDate.addingTimeInterval(365 * 86_400))
        let view = try course.show("demo/never", for: "ada")
        #expect(!view.revealed && view.answer == nil)
    }

    @Test func hiddenTestDetailsWaitForTheReveal() async throws {
        let outcome = GradingOutcome(
            score: 2, verdict: .failed,
            checks: [
                CheckOutcome(name: "public", passed: true, message: "all items came back"),
                CheckOutcome(name: "secret", passed: false, message: "lost update: 39998 of 40000", hidden: true),
            ], seed: "s1-abc")
        let course = try Course.demo(clock: clock, grader: FixedGrader(outcome: outcome))
        let result = try await course.submit("demo/code", files: [SourceFile(name: "a.c", contents: "")], by: "ada")
        #expect(result.checks[0].message == "all items came back")
        #expect(!result.checks[1].message.contains("39998"))
        #expect(result.seed == "s1-abc" && result.score == 2 && result.verdict == .failed)
        clock.set(Fixtures.dueDate.addingTimeInterval(1))
        let later = try course.submitResult(try course.database.attempts(of: "ada", problem: "demo/code")[0])
        #expect(later.checks[1].message == "lost update: 39998 of 40000")
    }
}
