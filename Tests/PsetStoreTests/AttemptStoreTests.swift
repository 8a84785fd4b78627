import Foundation
import GRDB
import PsetModel
import Testing

@testable import PsetStore

@Suite struct AttemptStoreTests {
    let database: AppDatabase

    init() throws {
        database = try AppDatabase.inMemory()
        try database.addDemoCourse()
    }

    func record(maxAttempts: Int? = nil) throws -> GradedAttempt {
        try database.recordAttempt(
            personID: "ada", problemID: "demo/tf", response: "true", maxScore: 2, lateSeconds: 0, at: Date(),
            maxAttempts: maxAttempts
        ) { Grading(attemptID: $0, gradedAt: Date(), score: 2, verdict: "correct") }
    }

    @Test func attemptsAreNumberedPerPersonAndProblem() throws {
        #expect(try record().attempt.number == 1)
        #expect(try record().attempt.number == 2)
        #expect(try database.attempts(of: "ada").map(\.attempt.number) == [1, 2])
    }

    @Test func theAttemptLimitIsEnforcedInTheTransaction() throws {
        _ = try record(maxAttempts: 1)
        #expect(throws: AttemptRefusal.limitReached(1)) { try record(maxAttempts: 1) }
        #expect(try database.attempts(of: "ada").count == 1)
    }

    @Test func attemptsAndGradingsCannotBeRewritten() throws {
        let attempt = try record()
        #expect(throws: DatabaseError.self) {
            try database.writer.write { db in try db.execute(sql: "UPDATE attempt SET response = 'false'") }
        }
        #expect(throws: DatabaseError.self) {
            try database.writer.write { db in try db.execute(sql: "DELETE FROM grading") }
        }
        let kept = try #require(try database.attempts(of: "ada").first)
        #expect(kept.attempt.response == attempt.attempt.response && kept.grading?.score == attempt.grading?.score)
    }

    @Test func aLaterGradingTakesPrecedence() throws {
        let attempt = try record()
        try database.recordGrading(
            Grading(attemptID: attempt.attempt.id!, gradedAt: Date(), score: 1, verdict: "partial"))
        #expect(try database.attempts(of: "ada").first?.grading?.score == 1)
        #expect(try database.gradings(of: attempt.attempt.id!).map(\.score) == [2, 1])
    }

    @Test func foreignKeysAreEnforced() {
        #expect(throws: DatabaseError.self) {
            try database.recordAttempt(
                personID: "nobody", problemID: "demo/tf", response: "true", maxScore: 2, lateSeconds: 0, at: Date(),
                maxAttempts: nil)
        }
    }
}
