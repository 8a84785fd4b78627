/// When a question's answer and explanation become visible to a student.
public enum RevealPolicy: String, Codable, Sendable {
    /// As soon as the student has made one attempt (the default).
    case afterFirstAttempt = "after-first-attempt"
    /// Once the set's due date (or the student's extension) has passed.
    case afterDue = "after-due"
    /// Never shown to students.
    case never
}

/// Which of a student's attempts counts toward the grade.
public enum ScoringPolicy: String, Codable, Sendable {
    /// The first attempt counts (the default for questions).
    case first
    /// The highest-scoring attempt counts.
    case best
    /// The most recent attempt counts.
    case last
}

/// What happens to work handed in after the due date.
public enum LatePolicy: Codable, Sendable, Equatable {
    /// Late work keeps its score (the default).
    case accept
    /// Late work loses this fraction of its score per started day, down to zero.
    case penaltyPerDay(Double)
    /// Late work scores zero.
    case cutoff

    /// The factor a score is multiplied by when handed in `lateness` seconds after the due date.
    public func factor(lateness: Double) -> Double {
        guard lateness > 0 else { return 1 }
        switch self {
        case .accept: return 1
        case .cutoff: return 0
        case .penaltyPerDay(let fraction):
            let days = (lateness / 86_400).rounded(.up)
            return max(0, 1 - fraction * days)
        }
    }
}

/// The reveal, scoring and attempt rules in force for one problem.
public struct ProblemPolicy: Codable, Sendable, Equatable {
    public var reveal: RevealPolicy
    public var scoring: ScoringPolicy
    /// The most attempts a student may make; `nil` for no limit.
    public var maxAttempts: Int?

    public init(reveal: RevealPolicy = .afterFirstAttempt, scoring: ScoringPolicy = .first, maxAttempts: Int? = nil) {
        self.reveal = reveal
        self.scoring = scoring
        self.maxAttempts = maxAttempts
    }
}
