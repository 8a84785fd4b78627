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
