/// A replayable schedule: the token `s1-<16 hex digits>` the runtime reads from `PSET_SCHED_SEED`.
///
/// It lives with the model because a seed is part of a submission: the course refuses a malformed one
/// before recording anything, and the grader replays a well-formed one.
public struct SeedToken: Sendable, Hashable, CustomStringConvertible {
    /// The 64 bits every decision of the schedule derives from.
    public var value: UInt64

    public init(value: UInt64) {
        self.value = value
    }

    /// Parses `s1-` and 1 to 16 hex digits; nil for anything else.
    public init?(_ text: String) {
        let digits = text.dropFirst(3)
        guard text.hasPrefix("s1-"), (1...16).contains(digits.count), digits.allSatisfy(\.isHexDigit),
            let value = UInt64(digits, radix: 16)
        else { return nil }
        self.value = value
    }

    public var description: String {
        let digits = String(value, radix: 16)
        return "s1-" + String(repeating: "0", count: max(0, 16 - digits.count)) + digits
    }
}
