import Foundation
import PsetModel
import PsetStore

extension Course {
    /// Every problem, with this student's attempts and score.
    public func problems(for personID: String) throws -> [ProblemSummary] {
        let attempts = Dictionary(grouping: try database.attempts(of: personID), by: \.attempt.problemID)
        return summaries { problem, set in
            let mine = attempts[problem.id] ?? []
            return (mine.count, score(of: problem, in: set, attempts: mine))
        }
    }

    /// Every problem in the bank's order, with the attempts and score `standing` gives for it.
    func summaries(_ standing: (Problem, ProblemSet) -> (attempts: Int, score: Double)) -> [ProblemSummary] {
        bank.sets.flatMap { set in
            set.problems.map { problem in
                let (attempts, score) = standing(problem, set)
                return ProblemSummary(
                    id: problem.id, set: set.id, title: problem.title, kind: problem.kind, topics: problem.topics,
                    points: problem.points, attempts: attempts, score: score)
            }
        }
    }

    /// One problem as this student may see it: their own variant, and its answer and explanation only once revealed.
    public func show(_ id: String, for personID: String) throws -> ProblemView {
        let (declared, set) = try lookup(id)
        let attempts = try database.attempts(of: personID, problem: id)
        let problem = variant(of: declared, for: personID, attempts: attempts).problem
        let revealed = try isRevealed(problem, in: set, attempts: attempts.count, for: personID)
        let question = problem.question
        let choices = question?.choices ?? []
        return ProblemView(
            id: problem.id, set: set.id, title: problem.title, kind: problem.kind, format: question?.format.name,
            topics: problem.topics, prompt: problem.prompt, points: problem.points,
            choices: choices.isEmpty ? nil : choices, files: problem.codingTask?.submittedFileNames,
            due: try dueDate(of: set, for: personID), attempts: attempts.count,
            maxAttempts: set.policy(for: problem).maxAttempts, score: score(of: problem, in: set, attempts: attempts),
            revealed: revealed, answer: revealed ? question?.answerKey : nil,
            explanation: revealed ? question?.explanation : nil)
    }

    /// This student's scores per set and in total.
    public func grades(for personID: String) throws -> GradeReport {
        grades(for: personID, summaries: try problems(for: personID))
    }

    /// A student's scores per set and in total, from their standing on each problem (`problems(for:)`).
    public func grades(for personID: String, summaries problems: [ProblemSummary]) -> GradeReport {
        let summaries = Dictionary(grouping: problems, by: \.set)
        var sets: [GradeReport.SetGrade] = []
        for set in bank.sets {
            let mine = summaries[set.id] ?? []
            sets.append(
                GradeReport.SetGrade(
                    id: set.id, title: set.title, score: mine.reduce(0) { $0 + $1.score }, points: set.points,
                    weight: set.weight, attempted: mine.filter { $0.attempts > 0 }.count, problems: mine.count))
        }
        let weights = sets.filter { $0.points > 0 }.reduce(0) { $0 + $1.weight }
        let weighted = sets.filter { $0.points > 0 }.reduce(0) { $0 + $1.weight * $1.score / $1.points }
        return GradeReport(
            student: personID, sets: sets, score: sets.reduce(0) { $0 + $1.score },
            points: sets.reduce(0) { $0 + $1.points }, percent: weights > 0 ? (100 * weighted / weights) : 0)
    }
}
