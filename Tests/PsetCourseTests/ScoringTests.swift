import Foundation
import PsetCourse
import PsetModel
import PsetStore
import Testing

@Suite struct ScoringTests {
    let clock = TestClock(Fixtures.dueDate.addingTimeInterval(-86_400))

    func score(_ id: String, after answers: [String]) throws -> Double {
        let course = try Course.demo(clock: clock)
        for answer in answers { _ = try course.answer(id, [answer], by: "ada") }
        return try course.problems(for: "ada").first { $0.id == id }!.score
    }

    @Test func theFirstAttemptCountsByDefault() throws {
        #expect(try score("demo/first", after: ["b", "a"]) == 0)
        #expect(try score("demo/first", after: ["a", "b"]) == 2)
    }

    @Test func bestAndLastPolicies() throws {
        #expect(try score("demo/best", after: ["b", "a", "b"]) == 2)
        #expect(try score("demo/last", after: ["a", "b"]) == 0)
        #expect(try score("demo/last", after: ["b", "a"]) == 2)
    }

    @Test func theAttemptLimitRefusesFurtherAttempts() throws {
        let course = try Course.demo(clock: clock)
        _ = try course.answer("demo/twice", ["b"], by: "ada")
        _ = try course.answer("demo/twice", ["a"], by: "ada")
        #expect(throws: CourseError.noAttemptsLeft(problem: "demo/twice", max: 2)) {
            try course.answer("demo/twice", ["a"], by: "ada")
        }
        #expect(try course.show("demo/twice", for: "ada").attempts == 2)
    }

    @Test func lateAnswersLoseTheSetsPenaltyPerDay() throws {
        let course = try Course.demo(clock: clock)
        clock.set(Fixtures.dueDate.addingTimeInterval(86_400 + 60))
        let result = try course.answer("demo/first", ["a"], by: "ada")
        #expect(result.late && result.score == 1)
    }

    @Test func gradesAddUpPerSetAndInTotal() throws {
        let course = try Course.demo(clock: clock)
        _ = try course.answer("demo/first", ["a"], by: "ada")
        _ = try course.answer("demo/best", ["b"], by: "ada")
        let report = try course.grades(for: "ada")
        #expect(report.sets.count == 1)
        #expect(report.sets[0].score == 2 && report.sets[0].points == 16 && report.sets[0].attempted == 2)
        #expect(report.percent == 12.5)
    }

    @Test func submissionsMustHaveExactlyTheTasksFiles() async throws {
        let course = try Course.demo(
            clock: clock, grader: FixedGrader(outcome: .init(score: 4, verdict: .passed, checks: [])))
        await #expect(throws: CourseError.missingFile(problem: "demo/code", name: "a.c")) {
            try await course.submit("demo/code", files: [], by: "ada")
        }
        await #expect(throws: CourseError.self) {
            try await course.submit("demo/code", files: [SourceFile(name: "b.c", contents: "")], by: "ada")
        }
        await #expect(throws: CourseError.notACodingTask("demo/first")) {
            try await course.submit("demo/first", files: [], by: "ada")
        }
        #expect(try course.database.attempts(of: "ada").isEmpty)
        let result = try await course.submit("demo/code", files: [SourceFile(name: "a.c", contents: "")], by: "ada")
        #expect(result.verdict == .passed && result.score == 4 && result.attempt == 1)
    }

    @Test func unknownProblemsSuggestTheClosestID() throws {
        let course = try Course.demo(clock: clock)
        #expect(throws: CourseError.unknownProblem("demo/frist", suggestion: "demo/first")) {
            try course.show("demo/frist", for: "ada")
        }
        #expect(throws: CourseError.unknownProblem("best", suggestion: "demo/best")) {
            try course.show("best", for: "ada")
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func aLongUnknownIDIsRefusedAtOnceWithAShortMessage() throws {
        let course = try Course.demo(clock: clock)
        let id = String(repeating: "demo/first", count: 100_000)
        #expect(throws: CourseError.unknownProblem(id, suggestion: nil)) { try course.show(id, for: "ada") }
        let message = CourseError.unknownProblem(id, suggestion: nil).description
        #expect(message == "unknown problem '\(id.prefix(80))…'; `pset problems` lists them")
    }

    @Test func aMalformedSeedIsRefusedBeforeAnythingIsRecorded() throws {
        let course = try Course.demo(clock: clock)
        for seed in ["s1-", "s1-xyz", "s1-+1", "s1-00000000000000001", "s2-1", String(repeating: "s1-1", count: 1000)] {
            #expect(throws: CourseError.invalidSeed(seed)) {
                try course.recordSubmission(
                    "demo/code", files: [SourceFile(name: "a.c", contents: "")], by: "ada", seed: seed)
            }
        }
        #expect(try course.database.attempts(of: "ada").isEmpty)
        let stored = try course.recordSubmission(
            "demo/code", files: [SourceFile(name: "a.c", contents: "")], by: "ada", seed: "s1-00000000deadbeef")
        #expect(stored.number == 1)
    }
}
