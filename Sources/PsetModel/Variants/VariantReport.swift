/// What checking one problem over its parameter space found.
public struct VariantReport: Sendable, Equatable {
    public var problemID: String
    /// How many draws were checked.
    public var draws: Int
    /// Whether those were every draw of the space, rather than a sample.
    public var exhaustive: Bool
    /// What is wrong, each with the draw it is wrong for: `with n = 2: choices 'a' and 'b' both read '4'`.
    public var issues: [String]

    public init(problemID: String, draws: Int, exhaustive: Bool, issues: [String]) {
        self.problemID = problemID
        self.draws = draws
        self.exhaustive = exhaustive
        self.issues = issues
    }

    public var holds: Bool { issues.isEmpty }

    /// `all 4 draws` or `200 sampled draws`.
    public var extent: String { exhaustive ? "all \(draws) draw\(draws == 1 ? "" : "s")" : "\(draws) sampled draws" }
}
