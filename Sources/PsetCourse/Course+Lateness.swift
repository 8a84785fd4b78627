import Foundation
import PsetModel
import PsetStore

extension Course {
    /// A student's attempts, oldest first, each as late as the due date in force now makes it; optionally at one
    /// problem only.
    func attempts(of personID: String, problem problemID: String? = nil) throws -> [GradedAttempt] {
        try measuringLateness(database.attempts(of: personID, problem: problemID))
    }

    /// Every attempt at a problem, by everyone, oldest first, each as late as the due date in force now makes it.
    func attempts(at problemID: String) throws -> [GradedAttempt] {
        try measuringLateness(database.attempts(at: problemID))
    }

    /// The attempts with their lateness measured against each student's due date in force now, rather than the
    /// one in force when they were made: an extension granted or revoked since, or a due date the bank moved,
    /// changes their late marks and scores (the stored attempt keeps the lateness it was made with).
    private func measuringLateness(_ attempts: [GradedAttempt]) throws -> [GradedAttempt] {
        var dues: [String: Date?] = [:]
        return try attempts.map { graded in
            guard let set = bank.set(containing: graded.attempt.problemID) else { return graded }
            let key = graded.attempt.personID + "\u{0}" + set.id
            let due: Date?
            if let known = dues[key] {
                due = known
            } else {
                due = try dueDate(of: set, for: graded.attempt.personID)
                dues[key] = due
            }
            var measured = graded
            measured.attempt.lateSeconds = due.map { max(0, graded.attempt.submittedAt.timeIntervalSince($0)) } ?? 0
            return measured
        }
    }
}

/// Every student's due date in force per set, from one read of the extensions: the class-wide tables measure
/// the lateness of thousands of attempts by the same rule as `Course.attempts(of:problem:)`.
struct DueDates {
    private let bank: Bank
    private let extended: [String: Date]

    init(_ course: Course) throws {
        bank = course.bank
        extended = Dictionary(
            try course.database.extensions().map { ($0.personID + "\u{0}" + $0.setID, $0.until) },
            uniquingKeysWith: { first, _ in first })
    }

    /// The due date in force for this student: their extension, else the set's own.
    func due(of set: ProblemSet, for personID: String) -> Date? {
        extended[personID + "\u{0}" + set.id] ?? set.due
    }

    /// The attempts, each as late as the due date in force now makes it.
    func measuringLateness(_ attempts: [ScoredAttempt]) -> [ScoredAttempt] {
        attempts.map { attempt in
            guard let set = bank.set(containing: attempt.problemID) else { return attempt }
            var measured = attempt
            measured.lateSeconds =
                due(of: set, for: attempt.personID).map {
                    max(0, attempt.submittedAt.timeIntervalSince($0))
                } ?? 0
            return measured
        }
    }
}
