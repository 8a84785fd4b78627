import Foundation
import PsetModel
import PsetStore

extension Course {
    /// A student's attempts, oldest first; optionally at one problem only.
    public func history(for personID: String, problem id: String? = nil) throws -> [HistoryEntry] {
        let set = try id.map { try lookup($0).set }
        return try attempts(of: personID, problem: id).compactMap { graded in
            guard let problemSet = set ?? bank.set(containing: graded.attempt.problemID) else { return nil }
            let isAnswer = graded.attempt.response != nil
            return HistoryEntry(
                id: graded.attempt.problemID, attempt: graded.attempt.number, at: graded.attempt.submittedAt,
                score: effectiveScore(graded, in: problemSet), maxScore: graded.attempt.maxScore,
                verdict: isAnswer ? nil : graded.grading?.verdict ?? "queued",
                correct: isAnswer ? graded.grading.map { $0.verdict == "correct" } : nil,
                late: graded.attempt.lateSeconds > 0, latePenalty: latePenalty(graded, in: problemSet))
        }
    }

    /// The stored result of a student's attempt at a problem (the latest when `number` is nil), with what was
    /// handed in; answers, explanations and hidden-test details only as far as they are revealed now.
    public func feedback(_ id: String, attempt number: Int? = nil, for personID: String) throws -> AttemptFeedback {
        let (problem, set) = try lookup(id)
        let attempts = try self.attempts(of: personID, problem: problem.id)
        guard let latest = attempts.last else { throw CourseError.noAttempt(problem: problem.id, number: nil) }
        guard let graded = number.map({ number in attempts.first { $0.attempt.number == number } }) ?? latest else {
            throw CourseError.noAttempt(problem: problem.id, number: number)
        }
        if problem.question != nil {
            // The answer and explanation of the variant this attempt was made on, with its keys as shown then.
            guard let question = variant(of: problem, madeIn: graded.attempt).problem.question else {
                throw CourseError.notAQuestion(id)
            }
            let revealed = try isRevealed(problem, in: set, attempts: attempts.count, for: personID)
            let result = try answerResult(
                graded, of: problem, in: set, correct: graded.grading?.verdict == "correct", revealed: revealed,
                question: revealed ? question : nil)
            return AttemptFeedback(answer: result, response: graded.attempt.response)
        }
        let files = try database.files(of: graded.attempt.id!).map { SourceFile(name: $0.name, contents: $0.contents) }
        guard graded.grading != nil else {
            throw CourseError.notGradedYet(problem: problem.id, number: graded.attempt.number)
        }
        return AttemptFeedback(submission: try submitResult(graded), files: files)
    }
}
