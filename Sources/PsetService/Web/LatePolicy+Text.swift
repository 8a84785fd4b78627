import PsetModel

extension LatePolicy {
    /// The rule as a student reads it on the web pages.
    var text: String {
        switch self {
        case .accept: "late work keeps its score"
        case .penaltyPerDay(let fraction):
            "late work loses \(Int((fraction * 100).rounded()))% of its score per started day"
        case .cutoff: "late work scores 0"
        }
    }
}
