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
        DueDates.seconds(past: try dueDate(of: set, for: personID), at: date)
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
        effectiveScore(attempt.grading?.score, lateSeconds: attempt.attempt.lateSeconds, in: set)
    }

    /// A graded score after its set's late policy; nil while ungraded.
    func effectiveScore(_ score: Double?, lateSeconds: Double, in set: ProblemSet) -> Double? {
        score.map { $0 * set.latePolicy.factor(lateness: lateSeconds) }
    }

    /// The score in force for a problem under its scoring policy; 0 when nothing is graded yet.
    func score(of problem: Problem, in set: ProblemSet, attempts: [GradedAttempt]) -> Double {
        score(of: problem, in: set, effectiveScores: attempts.compactMap { effectiveScore($0, in: set) })
    }

    /// The score in force among the effective scores of a student's graded attempts, oldest first.
    func score(of problem: Problem, in set: ProblemSet, effectiveScores scores: [Double]) -> Double {
        let chosen: Double?
        switch set.policy(for: problem).scoring {
        case .first: chosen = scores.first
        case .last: chosen = scores.last
        case .best: chosen = scores.max()
        }
        return chosen ?? 0
    }
}

extension Course {
    /// What the set's late rule took from a graded attempt, when it was late.
    func latePenalty(_ attempt: GradedAttempt, in set: ProblemSet) -> LatePenalty? {
        let lateness = attempt.attempt.lateSeconds
        guard lateness > 0, let grading = attempt.grading else { return nil }
        let factor = set.latePolicy.factor(lateness: lateness)
        return LatePenalty(
            days: Int((lateness / 86_400).rounded(.up)), scoreBefore: grading.score,
            percentOff: ((1 - factor) * 1000).rounded() / 10)
    }

    /// The attempts a student has left at a problem after `made` of them, when the problem limits them.
    func attemptsLeft(at problem: Problem, in set: ProblemSet, made: Int) -> Int? {
        set.policy(for: problem).maxAttempts.map { max(0, $0 - made) }
    }
}
