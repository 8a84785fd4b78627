import PsetModel

/// A set's late policy as the views carry it: its kind, what a day late costs, and a sentence for a student.
public struct LateRule: Sendable, Codable, Equatable {
    /// `accept`, `penalty-per-day` or `cutoff`.
    public var kind: String
    /// For `penalty-per-day`, the fraction of the score lost per started day late.
    public var perDay: Double?
    /// The rule in words, such as "10% off per day late".
    public var text: String

    public init(_ policy: LatePolicy) {
        switch policy {
        case .accept:
            (kind, perDay, text) = ("accept", nil, "late work keeps its score")
        case .penaltyPerDay(let fraction):
            (kind, perDay, text) = ("penalty-per-day", fraction, "\(Self.percentText(fraction)) off per day late")
        case .cutoff:
            (kind, perDay, text) = ("cutoff", nil, "late work scores 0")
        }
    }

    /// "10%", "12.5%": a fraction as a percentage without trailing zeros.
    public static func percentText(_ fraction: Double) -> String {
        let value = (fraction * 1000).rounded() / 10
        return (value == value.rounded() ? String(Int(value)) : String(value)) + "%"
    }
}

/// What the late rule took from one attempt: how late it was and what it scored before the rule.
public struct LatePenalty: Sendable, Codable, Equatable {
    /// Started days past the due date in force.
    public var days: Int
    /// The attempt's score before the late rule.
    public var scoreBefore: Double
    /// The percentage of the score the rule took, 0 to 100.
    public var percentOff: Double

    public init(days: Int, scoreBefore: Double, percentOff: Double) {
        self.days = days
        self.scoreBefore = scoreBefore
        self.percentOff = percentOff
    }
}
