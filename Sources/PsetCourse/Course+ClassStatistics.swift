import Foundation
import PsetModel
import PsetStore

extension Course {
    /// These students' scores per set and in total, by the same rules as `grades(for:)`, from one read of the
    /// database, with the sets each handed something in late.
    public func standings(of students: [Person]) throws -> [ClassStanding] {
        let dues = try DueDates(self)
        let byPerson = Dictionary(
            grouping: dues.measuringLateness(try database.scoredAttempts(of: students.map(\.id))), by: \.personID)
        let setOf = Dictionary(uniqueKeysWithValues: bank.sets.flatMap { set in set.problems.map { ($0.id, set.id) } })
        return try students.map { person in
            let made = byPerson[person.id] ?? []
            let atProblem = Dictionary(grouping: made, by: \.problemID)
            let summaries = try summaries(for: person.id, due: { dues.due(of: $0, for: person.id) }) { problem, set in
                let mine = atProblem[problem.id] ?? []
                return (mine.count, score(of: problem, in: set, scored: mine))
            }
            return ClassStanding(
                person: person, grades: grades(for: person.id, summaries: summaries),
                lateSets: Set(made.filter { $0.lateSeconds > 0 }.compactMap { setOf[$0.problemID] }))
        }
    }

    /// How the class did on one problem: scores, attempts, tests, bug classes and chosen options.
    public func statistics(of id: String) throws -> ProblemStatistics {
        let (problem, set) = try lookup(id)
        let students = try database.people().filter { $0.role == .student }
        let enrolled = Set(students.map(\.id))
        let byPerson = Dictionary(
            grouping: try DueDates(self).measuringLateness(try database.scoredAttempts(at: problem.id)), by: \.personID)
        var histogram = Array(repeating: 0, count: 10)
        var attemptCounts = [0]
        for person in students {
            let mine = byPerson[person.id] ?? []
            while attemptCounts.count <= mine.count { attemptCounts.append(0) }
            attemptCounts[mine.count] += 1
            guard !mine.isEmpty else { continue }
            let fraction = score(of: problem, in: set, scored: mine) / problem.points
            histogram[min(9, max(0, Int((fraction * 10).rounded(.down))))] += 1
        }
        let latestAnswers =
            problem.question == nil
            ? [] : try database.latestAttempts(at: problem.id).filter { enrolled.contains($0.personID) }
        var statistics = ProblemStatistics(
            id: problem.id, title: problem.title, kind: problem.kind, points: problem.points,
            students: students.count, scoreHistogram: histogram, attemptCounts: attemptCounts, tests: [],
            mistakes: [], choices: choiceCounts(problem, answers: latestAnswers))
        if problem.codingTask != nil {
            let checks = try database.latestChecks(problem: problem.id).filter { enrolled.contains($0.personID) }
            statistics.tests = Self.testRates(checks)
            statistics.mistakes = Self.mistakes(checks)
        }
        return statistics
    }

    /// The score in force for a problem from a student's scored attempts at it, oldest first.
    func score(of problem: Problem, in set: ProblemSet, scored: [ScoredAttempt]) -> Double {
        score(
            of: problem, in: set,
            effectiveScores: scored.compactMap { effectiveScore($0.score, lateSeconds: $0.lateSeconds, in: set) })
    }

    /// For every coding task, the bug classes of these latest submissions' checks.
    public func mistakes(in checks: [LatestCheck]) -> [TaskMistakes] {
        let byProblem = Dictionary(grouping: checks, by: \.problemID)
        return bank.problems.filter { $0.codingTask != nil }.map { problem in
            let checks = byProblem[problem.id] ?? []
            return TaskMistakes(
                id: problem.id, title: problem.title, submissions: Set(checks.map(\.personID)).count,
                mistakes: Self.mistakes(checks))
        }
    }

    /// How many of these answers (the latest of each student) chose each option, in the bank's keys.
    private func choiceCounts(_ problem: Problem, answers: [Attempt]) -> [ProblemStatistics.ChoiceCount] {
        guard let question = problem.question, !question.choices.isEmpty else { return [] }
        let declared = question.choices.map(\.key)
        var counts: [String: Int] = [:]
        for attempt in answers {
            let order = variant(of: problem, madeIn: attempt).variant.choiceOrder
            let chosen = Self.bankResponse(attempt.response ?? "", order: order, declared: declared)
            for key in chosen.split(separator: ",") { counts[String(key), default: 0] += 1 }
        }
        let correct = Set(Self.correctKeys(question.answerKey))
        return question.choices.map {
            ProblemStatistics.ChoiceCount(
                key: $0.key, text: $0.text, correct: correct.contains($0.key), count: counts[$0.key] ?? 0)
        }
    }

    /// Each test's pass rate among the latest submissions, in the order the gradings list the tests.
    static func testRates(_ checks: [LatestCheck]) -> [ProblemStatistics.TestRate] {
        var rates: [ProblemStatistics.TestRate] = []
        for check in checks {
            guard let name = check.name else { continue }
            if let index = rates.firstIndex(where: { $0.name == name }) {
                rates[index].submissions += 1
                rates[index].passed += check.passed ? 1 : 0
            } else {
                rates.append(.init(name: name, hidden: check.hidden, passed: check.passed ? 1 : 0, submissions: 1))
            }
        }
        return rates
    }

    /// The bug classes of the latest submissions, most frequent first; each submission counts once per class.
    static func mistakes(_ checks: [LatestCheck]) -> [ProblemStatistics.Mistake] {
        var byClass: [String: [ProblemStatistics.SubmissionRef]] = [:]
        var seen = Set<String>()
        for check in checks {
            let bugClass: String
            switch check.verdict {
            case GradingOutcome.Verdict.compileError.rawValue: bugClass = BugClass.doesNotCompile
            case GradingOutcome.Verdict.error.rawValue: bugClass = BugClass.notGraded
            default:
                guard check.name != nil, !check.passed else { continue }
                bugClass = BugClass.of(check.message)
            }
            guard seen.insert("\(bugClass)\u{0}\(check.personID)").inserted else { continue }
            byClass[bugClass, default: []].append(
                .init(student: check.personID, attempt: check.attempt, message: check.message))
        }
        return byClass.map { ProblemStatistics.Mistake(bugClass: $0.key, submissions: $0.value) }
            .sorted { ($0.submissions.count, $1.bugClass) > ($1.submissions.count, $0.bugClass) }
    }
}
