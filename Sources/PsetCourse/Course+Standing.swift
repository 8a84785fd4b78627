import Foundation
import PsetModel
import PsetStore

extension Course {
    /// The due date in force for a student: the set's own (extensions are granted by TAs in server mode).
    public func dueDate(of set: ProblemSet, for personID: String) throws -> Date? {
        try database.extensionUntil(personID: personID, setID: set.id) ?? set.due
    }

    /// Seconds past the due date in force at `date`; 0 when on time or when there is no due date.
    func lateness(of set: ProblemSet, for personID: String, at date: Date) throws -> Double {
        guard let due = try dueDate(of: set, for: personID) else { return 0 }
        return max(0, date.timeIntervalSince(due))
    }

    /// Whether the answer, explanation or hidden-test details are visible to this student now.
    func isRevealed(_ problem: Problem, in set: ProblemSet, attempts: Int, for personID: String) throws -> Bool {
        switch set.policy(for: problem).reveal {
        case .afterFirstAttempt: return attempts >= 1
        case .afterDue:
            guard let due = try dueDate(of: set, for: personID) else { return false }
            return now >= due
        case .never: return false
        }
    }

    /// The score an attempt earns after its set's late policy.
    func effectiveScore(_ attempt: GradedAttempt, in set: ProblemSet) -> Double? {
        attempt.grading.map { $0.score * set.latePolicy.factor(lateness: attempt.attempt.lateSeconds) }
    }

    /// The score in force for a problem under its scoring policy; 0 when nothing is graded yet.
    func score(of problem: Problem, in set: ProblemSet, attempts: [GradedAttempt]) -> Double {
        let scores = attempts.compactMap { effectiveScore($0, in: set) }
        let chosen: Double?
        switch set.policy(for: problem).scoring {
        case .first: chosen = scores.first
        case .last: chosen = scores.last
        case .best: chosen = scores.max()
        }
        return chosen ?? 0
    }
}
