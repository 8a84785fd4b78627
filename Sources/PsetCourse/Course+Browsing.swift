import Foundation
import PsetModel
import PsetStore

extension Course {
    /// Every problem, with this student's attempts and score.
    public func problems(for personID: String) throws -> [ProblemSummary] {
        let attempts = Dictionary(grouping: try self.attempts(of: personID), by: \.attempt.problemID)
        return try summaries(for: personID) { problem, set in
            let mine = attempts[problem.id] ?? []
            return (mine.count, score(of: problem, in: set, attempts: mine))
        }
    }

    /// Every problem in the bank's order for one student: the due date in force for them, the set's rules, and
    /// the attempts and score `standing` gives for it.
    func summaries(
        for personID: String, due: ((ProblemSet) throws -> Date?)? = nil,
        _ standing: (Problem, ProblemSet) -> (attempts: Int, score: Double)
    ) throws -> [ProblemSummary] {
        try bank.sets.flatMap { set in
            let due = try due?(set) ?? dueDate(of: set, for: personID)
            return set.problems.map { problem in
                let (attempts, score) = standing(problem, set)
                let policy = set.policy(for: problem)
                return ProblemSummary(
                    id: problem.id, set: set.id, title: problem.title, kind: problem.kind, topics: problem.topics,
                    points: problem.points, attempts: attempts, score: score,
                    due: due, lateRule: LateRule(set.latePolicy), scoring: policy.scoring,
                    maxAttempts: policy.maxAttempts, attemptsLeft: attemptsLeft(at: problem, in: set, made: attempts))
            }
        }
    }

    /// One problem as this student may see it: their own variant, and its answer and explanation only once revealed.
    ///
    /// A TA sees the problem as the bank declares it (its keys and numbers, which `pset admin variant` maps to each
    /// student's), with the answer key and explanation at once, and a coding task's reference solution by its file
    /// names.
    public func show(_ id: String, for personID: String) throws -> ProblemView {
        let (declared, set) = try lookup(id)
        let attempts = try self.attempts(of: personID, problem: id)
        let isTA = try database.person(personID)?.role == .ta
        let problem = isTA ? declared : variant(of: declared, for: personID, attempts: attempts).problem
        let revealed = try isTA || isRevealed(problem, in: set, attempts: attempts.count, for: personID)
        let question = problem.question
        let choices = question?.choices ?? []
        return ProblemView(
            id: problem.id, set: set.id, title: problem.title, kind: problem.kind, format: question?.format.name,
            topics: problem.topics, prompt: problem.prompt, points: problem.points,
            choices: choices.isEmpty ? nil : choices, files: problem.codingTask?.submittedFileNames,
            due: try dueDate(of: set, for: personID), attempts: attempts.count,
            maxAttempts: set.policy(for: problem).maxAttempts, score: score(of: problem, in: set, attempts: attempts),
            revealed: revealed, answer: revealed ? question?.answerKey : nil,
            explanation: revealed ? question?.explanation : nil, lateRule: LateRule(set.latePolicy),
            scoring: set.policy(for: problem).scoring,
            attemptsLeft: attemptsLeft(at: problem, in: set, made: attempts.count),
            reference: isTA ? problem.codingTask?.reference.map(\.name) : nil)
    }

    /// This student's scores per set and in total.
    public func grades(for personID: String) throws -> GradeReport {
        grades(for: personID, summaries: try problems(for: personID))
    }

    /// A student's scores per set and in total, from their standing on each problem (`problems(for:)`), whose due
    /// dates are the ones in force for them.
    public func grades(for personID: String, summaries problems: [ProblemSummary]) -> GradeReport {
        let summaries = Dictionary(grouping: problems, by: \.set)
        var sets: [GradeReport.SetGrade] = []
        for set in bank.sets {
            let mine = summaries[set.id] ?? []
            sets.append(
                GradeReport.SetGrade(
                    id: set.id, title: set.title, score: mine.reduce(0) { $0 + $1.score }, points: set.points,
                    weight: set.weight, attempted: mine.filter { $0.attempts > 0 }.count, problems: mine.count,
                    due: mine.first?.due ?? set.due, lateRule: LateRule(set.latePolicy)))
        }
        let weights = sets.filter { $0.points > 0 }.reduce(0) { $0 + $1.weight }
        let weighted = sets.filter { $0.points > 0 }.reduce(0) { $0 + $1.weight * $1.score / $1.points }
        return GradeReport(
            student: personID, sets: sets, score: sets.reduce(0) { $0 + $1.score },
            points: sets.reduce(0) { $0 + $1.points }, percent: weights > 0 ? (100 * weighted / weights) : 0)
    }
}
