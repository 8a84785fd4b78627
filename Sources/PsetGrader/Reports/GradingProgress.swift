import Foundation

/// What the grader is doing, for a progress line on stderr.
public enum GradingProgress: Sendable, Equatable, CustomStringConvertible {
    case compiling
    /// Running a test's plain run or one of its checks.
    case testing(test: String, check: String)
    /// `explored` of `total` schedules of a test are done.
    case schedules(test: String, explored: Int, total: Int)

    public var description: String {
        switch self {
        case .compiling: "compiling"
        case .testing(let test, let check): "testing \(test): \(check)"
        case .schedules(let test, let explored, let total):
            "testing \(test): schedules explored \(explored) of \(total)"
        }
    }
}
