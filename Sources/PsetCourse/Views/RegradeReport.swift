/// What `pset admin regrade` prints: every stored submission graded again, and whose score changed.
public struct RegradeReport: Sendable, Codable, Equatable {
    /// One submission whose score is different after the regrade.
    public struct Change: Sendable, Codable, Equatable {
        public var student: String
        public var attempt: Int
        public var before: Double?
        public var after: Double
        public var verdict: GradingOutcome.Verdict

        public init(student: String, attempt: Int, before: Double?, after: Double, verdict: GradingOutcome.Verdict) {
            self.student = student
            self.attempt = attempt
            self.before = before
            self.after = after
            self.verdict = verdict
        }
    }

    public var id: String
    public var regraded: Int
    public var changed: [Change]
    /// How many of the changed scores went up, and how many down.
    public var raised: Int
    public var lowered: Int

    public init(id: String, regraded: Int, changed: [Change]) {
        self.id = id
        self.regraded = regraded
        self.changed = changed
        raised = changed.filter { $0.after > ($0.before ?? 0) }.count
        lowered = changed.filter { $0.after < ($0.before ?? 0) }.count
    }
}
