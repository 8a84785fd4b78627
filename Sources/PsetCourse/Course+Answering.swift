import Foundation
import PsetModel
import PsetStore

extension Course {
    /// Records and grades an answer to a question.
    ///
    /// A value that cannot be an answer is refused before anything is recorded, so it never counts as an attempt.
    public func answer(_ id: String, _ values: [String], by personID: String) throws -> AnswerResult {
        let (problem, set) = try lookup(id)
        guard problem.question != nil else { throw CourseError.notAQuestion(id) }
        // The student's own variant, with the keys as they were shown to them.
        let drawn = try variantInForce(of: problem, for: personID)
        guard let question = drawn.problem.question else { throw CourseError.notAQuestion(id) }
        let evaluation: Evaluation
        do {
            evaluation = try question.evaluate(values)
        } catch {
            throw CourseError.invalidAnswer(id, error)
        }
        let date = now
        let recorded = try recordAttempt(
            problem, in: set, by: personID, response: evaluation.response, variant: drawn.stored, at: date
        ) { Self.grading(evaluation, of: problem, attemptID: $0, at: date) }
        let revealed = try isRevealed(problem, in: set, attempts: recorded.attempt.number, for: personID)
        return try answerResult(
            recorded, of: problem, in: set, correct: evaluation.correct, revealed: revealed,
            question: revealed ? question : nil)
    }

    /// An answer's result as its student may see it, with the problem's standing after it.
    func answerResult(
        _ graded: GradedAttempt, of problem: Problem, in set: ProblemSet, correct: Bool, revealed: Bool,
        question: Question?
    ) throws -> AnswerResult {
        let standing = try standing(at: problem, of: graded.attempt.personID)
        // As late as the due date in force now makes it, like every other view of the attempt.
        let graded = standing.dues.measured(graded)
        return AnswerResult(
            id: problem.id, attempt: graded.attempt.number, score: effectiveScore(graded, in: set) ?? 0,
            maxScore: graded.attempt.maxScore, correct: correct, late: graded.attempt.lateSeconds > 0,
            revealed: revealed, answer: question?.answerKey, explanation: question?.explanation,
            latePenalty: latePenalty(graded, in: set),
            problemScore: score(of: problem, in: set, scored: standing.attempts),
            scoring: set.policy(for: problem).scoring,
            attemptsLeft: attemptsLeft(at: problem, in: set, made: standing.attempts.count)
        )
    }

    /// The grading of an answer: its share of the problem's points, to the hundredth, and its verdict.
    static func grading(_ evaluation: Evaluation, of problem: Problem, attemptID: Int64, at date: Date) -> Grading {
        Grading(
            attemptID: attemptID, gradedAt: date, score: (evaluation.fraction * problem.points * 100).rounded() / 100,
            verdict: evaluation.correct ? "correct" : (evaluation.fraction > 0 ? "partial" : "incorrect"))
    }

    /// Records an attempt under the problem's attempt limit and the set's due date.
    func recordAttempt(
        _ problem: Problem, in set: ProblemSet, by personID: String, response: String?, variant: Variant?,
        files: [SourceFile] = [], at date: Date, enqueue: Bool = false, seed: String? = nil,
        grade: (@Sendable (Int64) -> Grading)? = nil
    ) throws -> GradedAttempt {
        let maxAttempts = set.policy(for: problem).maxAttempts
        do {
            return try database.recordAttempt(
                personID: personID, problemID: problem.id, response: response, variant: variant, files: files,
                maxScore: problem.points, lateSeconds: try lateness(of: set, for: personID, at: date), at: date,
                maxAttempts: maxAttempts, enqueue: enqueue, seed: seed, grade: grade)
        } catch AttemptRefusal.limitReached(let max) {
            throw CourseError.noAttemptsLeft(problem: problem.id, max: max)
        }
    }
}
