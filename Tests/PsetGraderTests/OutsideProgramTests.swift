import Foundation
import PsetModel
import Testing

@testable import PsetGrader

/// Bug classes of the corpus in the style of public pthread benchmarks that exploration once missed, each beside
/// its correct twin, which must pass.
@Suite(
    "Outside-style programs: late races, sleeps as waits, races followed to their failure", .serialized,
    .timeLimit(.minutes(3)))
struct OutsideProgramTests {
    @Test("a check-then-act after long locked work fails under a focused schedule; taken under the lock it passes")
    func lateRace() async throws {
        let grader = Fixtures.grader()
        let late = try await grader.check(sources: [Fixtures.outside("late_registration.c", buggy: true)])
        #expect(late.verdict == .assertion, "\(late.report)")
        let seed = try #require(late.seed.flatMap(SeedToken.init))
        #expect(seed.isFocused)
        let replayed = try await grader.check(
            sources: [Fixtures.outside("late_registration.c", buggy: true)], seed: seed.description)
        #expect(replayed.verdict == .assertion)
        let locked = try await grader.check(sources: [Fixtures.outside("late_registration.c", buggy: false)])
        #expect(locked.verdict == .ok, "\(locked.report)")
    }

    @Test("a sleep is no way to wait for a thread: reading its result after one fails; polling an atomic flag passes")
    func sleepIsNoWait() async throws {
        let grader = Fixtures.grader()
        let slept = try await grader.check(sources: [Fixtures.outside("missing_join.c", buggy: true)])
        #expect(slept.verdict == .assertion, "\(slept.report)")
        #expect(slept.report.contains("result == 55"))
        let polling = try await grader.check(sources: [Fixtures.outside("sleep_polling.c", buggy: false)])
        #expect(polling.verdict == .ok, "\(polling.report)")
    }

    @Test("a race whose failure needs many preemptions is explored on until it fails; taken under a lock it passes")
    func raceFollowedToFailure() async throws {
        let grader = Fixtures.grader()
        let source = try Fixtures.outside("fibonacci_alternation.c", buggy: true)
        let found = try await grader.check(sources: [source], schedules: 25)
        #expect(found.verdict == .assertion, "\(found.report)")
        #expect(found.findings.contains { $0.kind == .race })
        #expect(found.runs > 26)
        let seed = try #require(found.seed)
        let replayed = try await grader.check(sources: [source], seed: seed)
        #expect(replayed.verdict == .assertion)
        let locked = try await grader.check(sources: [Fixtures.outside("fibonacci_alternation.c", buggy: false)])
        #expect(locked.verdict == .ok, "\(locked.report)")
    }
}
