/// A failed `assert` as glibc reports it on standard error: `prog: file.c:12: function: Assertion `expr' failed.`
///
/// Read with a scanner over lines of bounded length, so that no shape of output (such as a long line of
/// repeated `a: b: c: Assertion `) costs more than one look at each byte.
struct FailedAssertion: Sendable, Equatable {
    /// The asserted expression, as written in the source.
    var expression: String
    /// `file.c:12`.
    var location: String
    /// The function the assertion is in, when glibc names one.
    var function: String?

    /// The most bytes of a line read when looking for the message.
    static let maxLineBytes = 4096
    /// The most characters of the expression kept for the message.
    static let maxExpressionLength = 200

    /// The last assertion message in `output`, or nil when there is none.
    init?(output: String) {
        var found: FailedAssertion?
        for line in OutputLines(output, maxLineBytes: Self.maxLineBytes) {
            if let assertion = FailedAssertion(line: line[...]) { found = assertion }
        }
        guard let found else { return nil }
        self = found
    }

    init(expression: String, location: String, function: String?) {
        self.expression = expression
        self.location = location
        self.function = function
    }

    private init?(line: Substring) {
        var text = line
        while let last = text.last, last.isWhitespace { text.removeLast() }
        guard text.hasSuffix("' failed."), let opening = text.firstOccurrence(of: "Assertion `") else { return nil }
        let closing = text.index(text.endIndex, offsetBy: -"' failed.".count)
        guard opening.upperBound <= closing else { return nil }
        let head = text[..<opening.lowerBound]
        guard head.hasSuffix(": ") else { return nil }
        let parts = head.dropLast(2).split(separator: ": ", omittingEmptySubsequences: false)
        guard let last = parts.last else { return nil }
        if Self.isLocation(last) {
            location = String(last.prefix(SanitizerWarning.maxNameLength))
            function = nil
        } else if parts.count >= 2, Self.isLocation(parts[parts.count - 2]), !last.isEmpty {
            location = String(parts[parts.count - 2].prefix(SanitizerWarning.maxNameLength))
            function = String(last.prefix(SanitizerWarning.maxNameLength))
        } else {
            return nil
        }
        expression = String(text[opening.upperBound..<closing].prefix(Self.maxExpressionLength))
    }

    /// `file:line` with a non-empty file and a decimal line.
    private static func isLocation(_ text: Substring) -> Bool {
        guard let colon = text.lastIndex(of: ":"), colon > text.startIndex else { return false }
        let digits = text[text.index(after: colon)...]
        return !digits.isEmpty && digits.allSatisfy(\.isASCIIDigit)
    }

    /// "assertion failed: x == 1 (counter.c:12, in main)".
    var message: String {
        "assertion failed: \(expression) (\(location)\(function.map { ", in \($0)" } ?? ""))"
    }
}
