import Foundation
import PsetModel

/// The result of `pset check`: the thread-safety checks on any C program with a `main`.
public struct ProgramCheckReport: Sendable, Codable, Equatable {
    /// The most serious finding's kind, `ok` when no finding is a problem.
    public var verdict: Verdict
    /// How many times the program ran (the sanitizer build and every schedule).
    public var runs: Int
    /// The schedule of the verdict's finding, as a token that replays it with `--seed`.
    public var seed: String?
    /// What was found, in words: the first line a summary, then how to replay it and who waited on what.
    public var report: String
    /// The raw evidence behind the report (ThreadSanitizer's own output), for those who want it.
    public var detail: String?
    /// The last steps of the verdict's schedule on the program's lines, when a schedule showed it.
    public var trace: [TraceStep]?
    /// Everything found, most serious first; warnings cost nothing.
    public var findings: [Finding]

    public init(
        verdict: Verdict, runs: Int, seed: String? = nil, report: String, detail: String? = nil,
        trace: [TraceStep]? = nil, findings: [Finding] = []
    ) {
        self.verdict = verdict
        self.runs = runs
        self.seed = seed
        self.report = report
        self.detail = detail
        self.trace = trace
        self.findings = findings
    }

    /// The outcomes of the CLI contract.
    public enum Verdict: String, Sendable, Codable, Equatable {
        case ok
        case assertion
        case crash
        case deadlock
        case race
        case timeout
        case compileError = "compile_error"
    }

    /// One problem found, or one warning.
    public struct Finding: Sendable, Codable, Equatable {
        public var kind: Kind
        /// One line saying what happened and where.
        public var message: String
        /// The schedule that shows it, for `--seed`.
        public var seed: String?
        /// The last steps of that schedule on the program's lines, when it was explored.
        public var trace: [TraceStep]?

        public init(kind: Kind, message: String, seed: String? = nil, trace: [TraceStep]? = nil) {
            self.kind = kind
            self.message = message
            self.seed = seed
            self.trace = trace
        }

        /// What kind of finding, most serious first.
        public enum Kind: String, Sendable, Codable, Equatable, Comparable, CaseIterable {
            case assertion
            case crash
            case deadlock
            case timeout
            case race
            /// Locks taken in an order that could deadlock, which no schedule explored made deadlock: a warning.
            case potentialDeadlock = "potential_deadlock"

            /// The verdict a finding of this kind gives, nil for a warning.
            public var verdict: Verdict? {
                switch self {
                case .assertion: .assertion
                case .crash: .crash
                case .deadlock: .deadlock
                case .timeout: .timeout
                case .race: .race
                case .potentialDeadlock: nil
                }
            }

            public static func < (lhs: Kind, rhs: Kind) -> Bool {
                allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
            }
        }
    }
}
