import Foundation
import PsetCourse
import PsetModel
import PsetStore
import Testing

@Suite struct TraceRevealTests {
    let clock = TestClock(Fixtures.dueDate.addingTimeInterval(-86_400))

    static let story = [
        TraceStep(thread: 1, file: "a.c", line: 4, event: "reads count (5)"),
        TraceStep(thread: 2, file: "a.c", line: 4, event: "reads count (5)"),
        TraceStep(thread: 1, file: "a.c", line: 5, event: "writes count (6)", skipped: 3),
    ]

    @Test func aHiddenTestsTraceWaitsForTheRevealInSubmitAndFeedback() async throws {
        let outcome = GradingOutcome(
            score: 0, verdict: .failed,
            checks: [
                CheckOutcome(
                    name: "public", passed: false, message: "lost update", seed: "s1-1", trace: Self.story),
                CheckOutcome(
                    name: "secret", passed: false, message: "lost update", hidden: true, seed: "s1-2",
                    trace: Self.story),
            ], seed: "s1-1")
        let course = try Course.demo(clock: clock, grader: FixedGrader(outcome: outcome))
        let result = try await course.submit("demo/code", files: [SourceFile(name: "a.c", contents: "")], by: "ada")
        #expect(result.checks[0].trace == Self.story)
        #expect(result.checks[1].trace == nil)
        let stored = try #require(try course.feedback("demo/code", for: "ada").submission)
        #expect(stored.checks[0].trace == Self.story, "the story is kept with the grading")
        #expect(stored.checks[1].trace == nil)
        clock.set(Fixtures.dueDate.addingTimeInterval(1))
        let revealed = try #require(try course.feedback("demo/code", for: "ada").submission)
        #expect(revealed.checks[1].trace == Self.story)
    }
}
