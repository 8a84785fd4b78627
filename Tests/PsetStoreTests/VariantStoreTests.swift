import Foundation
import GRDB
import PsetModel
import Testing

@testable import PsetStore

@Suite struct VariantStoreTests {
    let database: AppDatabase

    init() throws {
        database = try AppDatabase.inMemory()
        try database.syncBank(
            Bank(sets: [
                ProblemSet("demo") {
                    Title("Demo")
                    SingleChoice("demo/pick") {
                        Title("P")
                        Topics(.pipes)
                        Points(1)
                        Prompt("?")
                        Choice("a", "A", correct: true)
                        Choice("b", "B")
                        Explanation("!")
                    }
                }
            ]))
        try database.addPersonIfAbsent(Person(id: "ada", name: "Ada"))
    }

    @Test func theVariantIsStoredWithTheAttemptAndKeptAsItWasMade() throws {
        let variant = Variant(parameters: ["n": .int(3), "mode": .text("readers")], choiceOrder: ["b", "a"])
        let recorded = try database.recordAttempt(
            personID: "ada", problemID: "demo/pick", response: "a", variant: variant, maxScore: 1, lateSeconds: 0,
            at: Date(), maxAttempts: nil)
        let plain = try database.recordAttempt(
            personID: "ada", problemID: "demo/pick", response: "b", maxScore: 1, lateSeconds: 0, at: Date(),
            maxAttempts: nil)
        #expect(try database.attempts(of: "ada").map(\.attempt.variant) == [variant, nil])
        let json = try database.reader.read { db in
            try String.fetchOne(db, sql: "SELECT variant FROM attempt WHERE id = ?", arguments: [recorded.attempt.id])
        }
        #expect(json == #"{"choiceOrder":["b","a"],"parameters":{"mode":"readers","n":3}}"#)
        #expect(throws: DatabaseError.self) {
            try database.writer.write { db in
                try db.execute(sql: "UPDATE attempt SET variant = NULL WHERE id = ?", arguments: [recorded.attempt.id])
            }
        }
        #expect(plain.attempt.variant == nil)
        #expect(throws: DatabaseError.self) {
            try database.writer.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO attempt (person_id, problem_id, number, submitted_at, response, max_score, variant)
                        VALUES ('ada', 'demo/pick', 9, ?, 'a', 1, 'not json')
                        """,
                    arguments: [Date()])
            }
        }
    }

    @Test func theCourseSecretIsStoredOnceAndNeverChanges() throws {
        let first = Data(repeating: 1, count: 32)
        #expect(try database.variantSecret(candidate: first) == first)
        #expect(try database.variantSecret(candidate: Data(repeating: 2, count: 32)) == first)
        #expect(throws: DatabaseError.self) {
            try database.writer.write { db in try db.execute(sql: "UPDATE course_secret SET secret = zeroblob(32)") }
        }
        #expect(throws: DatabaseError.self) {
            try database.writer.write { db in try db.execute(sql: "DELETE FROM course_secret") }
        }
        let short = try AppDatabase.inMemory()
        #expect(throws: DatabaseError.self) { try short.variantSecret(candidate: Data(repeating: 3, count: 8)) }
    }
}
