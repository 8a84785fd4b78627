import Foundation
import GRDB
import PsetModel

/// Why an attempt was not recorded.
public enum AttemptRefusal: Error, Equatable, CustomStringConvertible {
    case limitReached(Int)

    public var description: String {
        switch self {
        case .limitReached(let max): "no attempts left: this problem allows \(max)"
        }
    }
}

extension AppDatabase {
    /// Records the bank's sets and problems, so attempts can refer to them and exports can name them.
    public func syncBank(_ bank: Bank) throws {
        try writer.write { db in
            for set in bank.sets {
                try ProblemSetRecord(
                    id: set.id, title: set.title, dueAt: set.due, weight: set.weight, points: set.points,
                    canvasAssignmentID: set.canvasAssignmentID
                ).upsert(db)
                for problem in set.problems {
                    try ProblemRecord(
                        id: problem.id, setID: set.id, title: problem.title, kind: problem.kind.rawValue,
                        points: problem.points
                    ).upsert(db)
                }
            }
        }
    }

    /// Adds the person if they are not known yet; returns whether they were added.
    @discardableResult
    public func addPersonIfAbsent(_ person: Person) throws -> Bool {
        try writer.write { db in
            guard try Person.exists(db, key: person.id) == false else { return false }
            try person.insert(db)
            return true
        }
    }

    /// Adds people or updates the details of known ones (keeping when they were first added), and gives each
    /// person it adds the token hash paired with them; returns the ids of those it added.
    ///
    /// A roster file need not carry the SIS and LMS ids, so a known person's id that `person` leaves `nil` keeps
    /// its stored value, and one given as the empty string is cleared. One transaction: a roster is imported whole
    /// or, when any person cannot be written, not at all.
    public func savePeople(_ people: [(person: Person, newTokenHash: String)], at date: Date) throws -> Set<String> {
        try writer.write { db in
            var added = Set<String>()
            for (person, hash) in people {
                var person = person
                let known = try Person.fetchOne(db, key: person.id)
                for field in [\Person.sisUserID, \.sisLoginID, \.lmsID] {
                    let given = person[keyPath: field]
                    person[keyPath: field] =
                        given == nil ? known?[keyPath: field] : given.flatMap { $0.isEmpty ? nil : $0 }
                }
                if let known {
                    person.createdAt = known.createdAt
                    try person.update(db)
                } else {
                    try person.insert(db)
                    try Self.storeTokenHash(hash, for: person.id, at: date, in: db)
                    added.insert(person.id)
                }
            }
            return added
        }
    }

    /// Records a new attempt, numbered after the person's previous ones, with its files and, for an answer
    /// graded on the spot, its grading, all in one transaction.
    ///
    /// Numbering and the attempt limit are decided inside the transaction, so two attempts made at once
    /// can neither share a number nor both slip under the limit. With `enqueue`, the attempt's grading job
    /// is queued in the same transaction, so a stored submission is never left out of the queue.
    public func recordAttempt(
        personID: String, problemID: String, response: String?, variant: Variant? = nil, files: [SourceFile] = [],
        maxScore: Double, lateSeconds: Double, at date: Date, maxAttempts: Int?, enqueue: Bool = false,
        seed: String? = nil,
        grade: (@Sendable (Int64) -> Grading)? = nil
    ) throws -> GradedAttempt {
        try writer.write { db in
            let previous =
                try Int.fetchOne(
                    db.cachedStatement(sql: "SELECT max(number) FROM attempt WHERE person_id = ? AND problem_id = ?"),
                    arguments: [personID, problemID]) ?? 0
            if let maxAttempts, previous >= maxAttempts { throw AttemptRefusal.limitReached(maxAttempts) }
            var attempt = Attempt(
                id: nil, personID: personID, problemID: problemID, number: previous + 1, submittedAt: date,
                response: response, maxScore: maxScore, lateSeconds: lateSeconds, variant: variant)
            try attempt.insert(db)
            let attemptID = attempt.id!
            for file in files {
                try SubmissionFile(attemptID: attemptID, name: file.name, contents: file.contents).insert(db)
            }
            if enqueue {
                var job = GradingJob(attemptID: attemptID, state: .queued, seed: seed, queuedAt: date, claims: 0)
                try job.insert(db)
            }
            var grading = grade?(attemptID)
            try grading?.insert(db)
            return GradedAttempt(attempt: attempt, grading: grading)
        }
    }

    /// Records the result of grading an attempt; a later grading of the same attempt takes precedence.
    @discardableResult
    public func recordGrading(_ grading: Grading) throws -> Grading {
        try writer.write { db in
            var grading = grading
            try grading.insert(db)
            return grading
        }
    }
}

extension AppDatabase {
    /// Grants a student a later due date for a set, replacing any earlier grant.
    public func grantExtension(personID: String, setID: String, until: Date, at date: Date) throws {
        try writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO extension_grant (person_id, set_id, until, granted_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (person_id, set_id) DO UPDATE SET until = excluded.until, granted_at = excluded.granted_at
                    """,
                arguments: [personID, setID, until, date])
        }
    }
}
