import Foundation

/// The result of `pset check`: the thread-safety checks on any C program with a `main`.
public struct ProgramCheckReport: Sendable, Codable, Equatable {
    public var verdict: Verdict
    /// How many times the program ran (the sanitizer build and every schedule).
    public var runs: Int
    /// The schedule that failed, as a token that replays it with `--seed`.
    public var seed: String?
    /// What was found, in words: the first line a summary, then how to replay it and who waited on what.
    public var report: String
    /// The raw evidence behind the report (ThreadSanitizer's own output), for those who want it.
    public var detail: String?

    public init(verdict: Verdict, runs: Int, seed: String? = nil, report: String, detail: String? = nil) {
        self.verdict = verdict
        self.runs = runs
        self.seed = seed
        self.report = report
        self.detail = detail
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
}
