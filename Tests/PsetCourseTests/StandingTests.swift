import Foundation
import PsetCourse
import PsetModel
import PsetStore
import Testing

/// Where a student stands, as `show`, `problems`, `grades` and each result tell it: the due date in force, the
/// late rule and what it took, attempts left, and the score that counts.
@Suite struct StandingTests {
    let clock = TestClock(Fixtures.dueDate.addingTimeInterval(-86_400))

    @Test func viewsCarryTheDueDateInForceAndTheLateRule() throws {
        let course = try Course.demo(clock: clock)
        let extended = Fixtures.dueDate.addingTimeInterval(3 * 86_400)
        try course.database.grantExtension(personID: "bob", setID: "demo", until: extended, at: clock.now)
        let rule = LateRule(.penaltyPerDay(0.25))
        #expect(rule.kind == "penalty-per-day" && rule.perDay == 0.25 && rule.text == "25% off per day late")
        let summary = try #require(try course.problems(for: "ada").first { $0.id == "demo/first" })
        #expect(summary.due == Fixtures.dueDate && summary.lateRule == rule && summary.scoring == .first)
        #expect(try course.problems(for: "bob").first?.due == extended)
        let view = try course.show("demo/code", for: "ada")
        #expect(view.due == Fixtures.dueDate && view.lateRule == rule && view.scoring == .best)
        let set = try #require(try course.grades(for: "bob").sets.first)
        #expect(set.due == extended && set.lateRule == rule)
    }

    @Test func theLateRuleInWords() {
        #expect(LateRule(.accept).text == "late work keeps its score")
        #expect(LateRule(.cutoff).text == "late work scores 0")
        #expect(LateRule(.penaltyPerDay(0.1)).text == "10% off per day late")
        #expect(LateRule(.penaltyPerDay(0.125)).text == "12.5% off per day late")
    }

    @Test func aLateResultSaysWhatThePenaltyTook() throws {
        let course = try Course.demo(clock: clock)
        let onTime = try course.answer("demo/best", ["a"], by: "ada")
        #expect(!onTime.late && onTime.latePenalty == nil)
        // A day and a minute late is two started days: 50% off under the demo set's 25% a day.
        clock.set(Fixtures.dueDate.addingTimeInterval(86_400 + 60))
        let late = try course.answer("demo/first", ["a"], by: "ada")
        #expect(late.late && late.score == 1)
        #expect(late.latePenalty == LatePenalty(days: 2, scoreBefore: 2, percentOff: 50))
        let entry = try #require(try course.history(for: "ada", problem: "demo/first").first)
        #expect(entry.latePenalty == late.latePenalty && entry.score == 1)
        #expect(try course.feedback("demo/first", for: "ada").answer?.latePenalty == late.latePenalty)
    }

    @Test func aLaterCorrectAnswerSaysTheFirstAttemptCounts() throws {
        let course = try Course.demo(clock: clock)
        let first = try course.answer("demo/first", ["b"], by: "ada")
        #expect(first.score == 0 && first.problemScore == 0 && first.scoring == .first)
        let second = try course.answer("demo/first", ["a"], by: "ada")
        #expect(second.correct && second.score == 2)
        #expect(second.problemScore == 0, "the first attempt's 0 is what counts")
        #expect(try course.problems(for: "ada").first { $0.id == "demo/first" }?.score == second.problemScore)
    }

    @Test func underBestAWorseAttemptKeepsTheBestScore() throws {
        let course = try Course.demo(clock: clock)
        _ = try course.answer("demo/best", ["a"], by: "ada")
        let worse = try course.answer("demo/best", ["b"], by: "ada")
        #expect(worse.score == 0 && worse.problemScore == 2 && worse.scoring == .best)
    }

    @Test func attemptsLeftCountDownOnlyWhereTheProblemLimitsThem() throws {
        let course = try Course.demo(clock: clock)
        #expect(try course.show("demo/twice", for: "ada").attemptsLeft == 2)
        #expect(try course.show("demo/first", for: "ada").attemptsLeft == nil)
        let result = try course.answer("demo/twice", ["b"], by: "ada")
        #expect(result.attemptsLeft == 1)
        let summary = try #require(try course.problems(for: "ada").first { $0.id == "demo/twice" })
        #expect(summary.maxAttempts == 2 && summary.attemptsLeft == 1)
        _ = try course.answer("demo/twice", ["a"], by: "ada")
        #expect(try course.show("demo/twice", for: "ada").attemptsLeft == 0)
        #expect(try course.answer("demo/first", ["a"], by: "ada").attemptsLeft == nil)
    }

    @Test func aSubmissionResultCarriesTheStandingToo() async throws {
        let course = try Course.demo(
            clock: clock, grader: FixedGrader(outcome: .init(score: 4, verdict: .passed, checks: [])))
        let files = [SourceFile(name: "a.c", contents: "int main(void) { return 0; }\n")]
        clock.set(Fixtures.dueDate.addingTimeInterval(60))
        let late = try await course.submit("demo/code", files: files, by: "ada")
        #expect(late.score == 3 && late.latePenalty == LatePenalty(days: 1, scoreBefore: 4, percentOff: 25))
        #expect(late.problemScore == 3 && late.scoring == .best)
        let practice = try await course.practice("demo/code", files: files, seed: nil)
        #expect(practice.problemScore == nil && practice.latePenalty == nil)
    }
}
