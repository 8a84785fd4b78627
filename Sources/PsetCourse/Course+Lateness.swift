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
        guard !attempts.isEmpty else { return attempts }
        let dues = try DueDates(self)
        return attempts.map { graded in
            var measured = graded
            measured.attempt.lateSeconds =
                dues.lateSeconds(
                    at: graded.attempt.problemID, by: graded.attempt.personID, handedIn: graded.attempt.submittedAt)
                ?? graded.attempt.lateSeconds
            return measured
        }
    }
}

/// Every student's due date in force per set, from one read of the extensions, and how late work is against it:
/// the one measure of lateness the course's views use, for one student's attempts and the class-wide tables alike.
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
            var measured = attempt
            measured.lateSeconds =
                lateSeconds(at: attempt.problemID, by: attempt.personID, handedIn: attempt.submittedAt)
                ?? attempt.lateSeconds
            return measured
        }
    }

    /// How late work at a problem handed in at `date` is for this student now; `nil` for a problem of no set.
    func lateSeconds(at problemID: String, by personID: String, handedIn date: Date) -> Double? {
        bank.set(containing: problemID).map { Self.seconds(past: due(of: $0, for: personID), at: date) }
    }

    /// Seconds past a due date at `date`; 0 when on time or when there is no due date.
    static func seconds(past due: Date?, at date: Date) -> Double {
        due.map { max(0, date.timeIntervalSince($0)) } ?? 0
    }
}
