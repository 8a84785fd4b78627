/// What `pset submit` prints.
public struct SubmitResult: Sendable, Codable, Equatable {
    public var id: String
    public var attempt: Int
    public var score: Double
    public var maxScore: Double
    public var verdict: GradingOutcome.Verdict
    public var late: Bool
    public var checks: [CheckOutcome]
    /// Replays the schedule that made a check fail.
    public var seed: String?
}
