import Foundation
import PsetModel
import Testing

@testable import PsetGrader

@Suite("Schedule exploration", .serialized, .timeLimit(.minutes(1)))
struct ScheduleExplorationTests {
    @Test("a read-modify-write split over two critical sections loses updates under some schedule")
    func catchesLostUpdate() async throws {
        let report = try await Fixtures.grader().check(files: [Fixtures.splitCriticalSection], schedules: 30)
        #expect(report.verdict == .assertion)
        #expect(report.report.hasPrefix("lost update: final value"))
        let seed = try #require(report.seed)
        #expect(SeedToken(seed) != nil)
    }

    @Test("the same counter with one critical section passes every schedule")
    func passesCorrectTwin() async throws {
        let report = try await Fixtures.grader().check(files: [Fixtures.oneCriticalSection], schedules: 30)
        #expect(report.verdict == .ok)
        #expect(report.runs == 31)
    }

    @Test("a failing seed replays the same failure")
    func seedReplaysFailure() async throws {
        let grader = Fixtures.grader()
        let found = try await grader.check(files: [Fixtures.splitCriticalSection], schedules: 30)
        let seed = try #require(found.seed)
        let replayed = try await grader.check(files: [Fixtures.splitCriticalSection], seed: seed)
        #expect(replayed.verdict == .assertion)
        #expect(replayed.runs == 1)
        #expect(replayed.report.components(separatedBy: "\n").first == found.report.components(separatedBy: "\n").first)
    }

    @Test("the same seed gives the same interleaving, another seed another one")
    func sameSeedSameTrace() async throws {
        let binary = try CompiledProgram(Fixtures.oneCriticalSection)
        let first = try await binary.schedule(seed: "s1-00000000deadbeef")
        let again = try await binary.schedule(seed: "s1-00000000deadbeef")
        let other = try await binary.schedule(seed: "s1-0000000012345678")
        #expect(first.count > 100)
        #expect(first == again)
        #expect(first != other)
    }

    @Test("a calm run replays its seed exactly, switching threads far less often than an exploring one")
    func calmRunsReplay() async throws {
        let binary = try CompiledProgram(Fixtures.oneCriticalSection)
        let calm = try await binary.summary(seed: "s1-00000000deadbeef", calm: true)
        let again = try await binary.summary(seed: "s1-00000000deadbeef", calm: true)
        let exploring = try await binary.summary(seed: "s1-00000000deadbeef")
        #expect(calm["schedule"] == again["schedule"])
        #expect(calm["trace"] == again["trace"])
        let calmSwitches = try #require(calm["switches"].flatMap { Int($0) })
        let exploringSwitches = try #require(exploring["switches"].flatMap { Int($0) })
        #expect(calmSwitches > 0)
        #expect(calmSwitches * 4 < exploringSwitches, "calm \(calmSwitches), exploring \(exploringSwitches)")
    }

    @Test("a deadlock is reported at once, naming the blocked threads and where they wait")
    func reportsDeadlock() async throws {
        let report = try await Fixtures.grader().check(files: [Fixtures.lockOrderDeadlock], schedules: 50)
        #expect(report.verdict == .deadlock || report.verdict == .race)
        let scheduled = try await Fixtures.grader().check(
            files: [Fixtures.lockOrderDeadlock], seed: try #require(await Self.deadlockingSeed()))
        #expect(scheduled.verdict == .deadlock)
        #expect(scheduled.report.hasPrefix("deadlock: "))
        #expect(scheduled.report.contains("thread 1 (forward)"))
        #expect(scheduled.report.contains("thread 2 (backward)"))
        #expect(scheduled.report.contains("locks.c:"))
    }

    @Test("mutexes taken in one order never deadlock")
    func passesOrderedLocks() async throws {
        let binary = try CompiledProgram(Fixtures.lockOrderFixed)
        for index in 0..<30 {
            let run = try await binary.run(seed: SeedToken.sequence("ordered", index: index).description)
            #expect(run.status == 0)
        }
    }

    @Test("a thread spinning on a flag is handed off by the watchdog instead of hanging")
    func watchdogHandsOff() async throws {
        let binary = try CompiledProgram(Fixtures.spinningWaiter)
        let run = try await binary.run(seed: "s1-0000000000000001")
        #expect(run.status == 0)
    }

    /// A seed under which the lock-order program deadlocks, found by running the runtime directly.
    static func deadlockingSeed() async throws -> String? {
        let binary = try CompiledProgram(Fixtures.lockOrderDeadlock)
        for index in 0..<200 {
            let seed = SeedToken.sequence("deadlock", index: index).description
            if try await binary.run(seed: seed).status == 86 { return seed }
        }
        return nil
    }
}
