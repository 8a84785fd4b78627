/// Whether one reference or mutant of a coding task behaves as the bank says it must.
public struct BankVerification: Sendable, Codable, Equatable {
    public var problemID: String
    /// "reference" or "mutant NAME".
    public var subject: String
    /// Whether it holds: the reference passes everything, the mutant fails at least its `mustFail` tests.
    public var holds: Bool
    /// What happened, in one line.
    public var message: String
    public var score: Double
    public var maxScore: Double
    /// Wall time of the grading, in seconds.
    public var seconds: Double

    public init(
        problemID: String, subject: String, holds: Bool, message: String, score: Double, maxScore: Double,
        seconds: Double
    ) {
        self.problemID = problemID
        self.subject = subject
        self.holds = holds
        self.message = message
        self.score = score
        self.maxScore = maxScore
        self.seconds = seconds
    }
}
