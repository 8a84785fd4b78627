import Crypto
import Foundation
import PsetModel
import PsetStore

/// The rules of the course, applied to the bank and the database: what a student sees, how answers and
/// submissions are recorded and scored, and when answers are revealed.
///
/// The CLI's local mode and the HTTP service both go through this type, so they cannot disagree.
public struct Course: Sendable {
    public let bank: Bank
    public let database: any CourseStore
    let grader: (any SubmissionGrading)?
    let clock: @Sendable () -> Date
    /// The course's secret, from which each student's variants are drawn; kept in the database, never in the source.
    let variantSecret: Data

    /// Opens the course on a database, recording the bank's sets and problems in it (and, the first time, a new
    /// secret for drawing students' variants).
    public init(
        bank: Bank, database: any CourseStore, grader: (any SubmissionGrading)? = nil,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) throws {
        self.bank = bank
        self.database = database
        self.grader = grader
        self.clock = clock
        let candidate = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        self.variantSecret = try database.variantSecret(candidate: candidate, at: clock())
        try database.syncBank(bank)
    }

    /// The current time, as the course sees it.
    public var now: Date { clock() }

    /// The problem with this id and its set, or an error naming the closest id.
    public func lookup(_ id: String) throws(CourseError) -> (problem: Problem, set: ProblemSet) {
        guard let problem = bank.problem(id), let set = bank.set(containing: id) else {
            throw .unknownProblem(id, suggestion: closestProblemID(to: id))
        }
        return (problem, set)
    }

    /// The files `pset start` writes: the starter files and the headers they include.
    public func starterFiles(_ id: String) throws(CourseError) -> [SourceFile] {
        let (problem, _) = try lookup(id)
        guard let task = problem.codingTask else { throw .notACodingTask(id) }
        return task.starter + task.headers
    }

    /// The bank's id closest to `id` by edit distance, or one that ends with it, for a "did you mean".
    ///
    /// Only ids within the distance bound of `id`'s length are compared (the distance is at least the
    /// difference in length), so an id of any length costs at most a few hundred comparisons of short strings.
    private func closestProblemID(to id: String) -> String? {
        let length = id.count
        let bound = max(3, length / 3)
        let candidates = bank.problems.map(\.id)
        let scored = candidates.filter { abs($0.count - length) <= bound }.map { ($0, editDistance($0, id)) }
        guard let (best, distance) = scored.min(by: { $0.1 < $1.1 }), distance <= bound else {
            return candidates.first { $0.hasSuffix("/" + id) }
        }
        return best
    }
}

/// The Levenshtein distance between two strings, for "did you mean" suggestions.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a)
    let b = Array(b)
    var previous = Array(0...b.count)
    for i in 1...max(a.count, 1) where !a.isEmpty {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in 1...max(b.count, 1) where !b.isEmpty {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return a.isEmpty ? b.count : previous[b.count]
}
