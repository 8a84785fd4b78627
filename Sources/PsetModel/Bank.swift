/// The whole problem bank: every set, with problems looked up by id.
public struct Bank: Sendable {
    public let sets: [ProblemSet]
    private let index: [String: (set: Int, problem: Int)]

    public init(sets: [ProblemSet]) {
        self.sets = sets
        var index: [String: (set: Int, problem: Int)] = [:]
        for (s, set) in sets.enumerated() {
            for (p, problem) in set.problems.enumerated() where index[problem.id] == nil {
                index[problem.id] = (s, p)
            }
        }
        self.index = index
    }

    /// Every problem, in bank order.
    public var problems: [Problem] { sets.flatMap(\.problems) }

    public func problem(_ id: String) -> Problem? {
        index[id].map { sets[$0.set].problems[$0.problem] }
    }

    public func set(_ id: String) -> ProblemSet? {
        sets.first { $0.id == id }
    }

    /// The set a problem belongs to.
    public func set(containing problemID: String) -> ProblemSet? {
        index[problemID].map { sets[$0.set] }
    }
}
