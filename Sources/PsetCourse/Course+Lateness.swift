import Foundation
import PsetModel
import PsetStore

extension Course {
    /// A student's attempts, oldest first, each as late as the due date in force now makes it; optionally at one
    /// problem only.
    func attempts(of personID: String, problem problemID: String? = nil) throws -> [GradedAttempt] {
        let attempts = try database.attempts(of: personID, problem: problemID)
        guard !attempts.isEmpty else { return attempts }
        return try DueDates(self, of: personID).measuringLateness(attempts)
    }

    /// Every attempt at a problem, by everyone, oldest first, each as late as the due date in force now makes it.
    func attempts(at problemID: String) throws -> [GradedAttempt] {
        let attempts = try database.attempts(at: problemID)
        guard !attempts.isEmpty else { return attempts }
        return try DueDates(self).measuringLateness(attempts)
    }

    /// A student's attempts at one problem with their scores, each as late as the due date in force now makes it,
    /// and that due date: all a result needs of the earlier attempts, without reading what they handed in.
    func standing(at problem: Problem, of personID: String) throws -> ProblemStanding {
        let dues = try DueDates(self, of: personID)
        return ProblemStanding(
            attempts: dues.measuringLateness(try database.scoredAttempts(of: [personID], at: problem.id)), dues: dues)
    }
}

/// A student's attempts at one problem as they count now, and the due dates they were measured against.
struct ProblemStanding {
    /// Oldest first, each as late as the due date in force now makes it.
    var attempts: [ScoredAttempt]
    /// The due dates in force now, of the student's sets.
    let dues: DueDates
}

/// Every student's due date in force per set, from one read of the extensions, and how late work is against it:
/// the one measure of lateness the course's views use, for one student's attempts and the class-wide tables alike.
struct DueDates {
    private let bank: Bank
    private let extended: [String: Date]

    /// The due dates of everyone, or of one student only.
    init(_ course: Course, of personID: String? = nil) throws {
        bank = course.bank
        extended = Dictionary(
            try course.database.extensions(personID: personID, setID: nil).map {
                ($0.personID + "\u{0}" + $0.setID, $0.until)
            },
            uniquingKeysWith: { first, _ in first })
    }

    /// The due date in force for this student: their extension, else the set's own.
    func due(of set: ProblemSet, for personID: String) -> Date? {
        extended[personID + "\u{0}" + set.id] ?? set.due
    }

    /// The attempts with their lateness measured against each student's due date in force now, rather than the
    /// one in force when they were made: an extension granted or revoked since, or a due date the bank moved,
    /// changes their late marks and scores (the stored attempt keeps the lateness it was made with).
    func measuringLateness(_ attempts: [GradedAttempt]) -> [GradedAttempt] {
        attempts.map(measured)
    }

    /// An attempt as late as the due date in force now makes it.
    func measured(_ graded: GradedAttempt) -> GradedAttempt {
        var measured = graded
        measured.attempt.lateSeconds =
            lateSeconds(at: graded.attempt.problemID, by: graded.attempt.personID, handedIn: graded.attempt.submittedAt)
            ?? graded.attempt.lateSeconds
        return measured
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
