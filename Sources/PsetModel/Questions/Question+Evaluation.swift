import Foundation

/// How a well-formed answer fared.
public struct Evaluation: Sendable, Equatable {
    /// The answer in canonical form, as stored.
    public var response: String
    /// The share of the points earned, from 0 to 1.
    public var fraction: Double

    public init(response: String, fraction: Double) {
        self.response = response
        self.fraction = fraction
    }

    public var correct: Bool { fraction >= 1 }
}

/// Why a value cannot be an answer at all; such a value never counts as an attempt.
public enum AnswerError: Error, Equatable, CustomStringConvertible {
    case empty
    case unknownChoice(String, valid: [String])
    case oneChoiceOnly(count: Int)
    case repeatedChoice(String)
    case notANumber(String)
    case notABoolean(String)
    /// Longer than `Question.maxAnswerLength`: no answer in the bank is, and matching costs grow with length.
    case tooLong(length: Int, limit: Int)

    public var description: String {
        switch self {
        case .empty:
            "the answer is empty"
        case .tooLong(let length, let limit):
            "the answer is \(length) characters long; an answer has at most \(limit)"
        case .unknownChoice(let key, let valid):
            "'\(key)' is not one of the choices (\(valid.joined(separator: ", ")))"
        case .oneChoiceOnly(let count):
            "this question takes exactly one choice, not \(count)"
        case .repeatedChoice(let key):
            "choice '\(key)' is given twice"
        case .notANumber(let text):
            "'\(text)' is not a number"
        case .notABoolean(let text):
            "'\(text)' is not true or false"
        }
    }
}

extension Question {
    /// The most characters (Unicode scalars) an answer may have, all its values joined.
    public static let maxAnswerLength = 1000

    /// Checks an answer given as one or more command-line values and grades it.
    ///
    /// Choice keys may be given as separate values or comma-separated; text answers are joined with spaces.
    /// An answer longer than `maxAnswerLength` is refused before anything else looks at it.
    public func evaluate(_ values: [String]) throws(AnswerError) -> Evaluation {
        let length = values.reduce(values.count - 1) { $0 + $1.unicodeScalars.count }
        guard length <= Self.maxAnswerLength else { throw .tooLong(length: length, limit: Self.maxAnswerLength) }
        let joined = values.joined(separator: " ").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !joined.isEmpty else { throw .empty }
        switch format {
        case .singleChoice(let choices, let correct):
            let keys = try Self.selectedKeys(values, from: choices)
            guard keys.count == 1 else { throw .oneChoiceOnly(count: keys.count) }
            return Evaluation(response: keys[0], fraction: keys[0] == correct ? 1 : 0)
        case .multipleSelect(let choices, let correct, let partialCredit):
            let keys = try Self.selectedKeys(values, from: choices)
            let selected = Set(keys)
            let fraction: Double
            if selected == correct {
                fraction = 1
            } else if partialCredit {
                let right = Double(selected.intersection(correct).count)
                let wrong = Double(selected.subtracting(correct).count)
                fraction = max(0, (right - wrong) / Double(correct.count))
            } else {
                fraction = 0
            }
            return Evaluation(response: keys.sorted().joined(separator: ","), fraction: fraction)
        case .trueFalse(let value):
            let given: Bool
            switch joined.lowercased() {
            case "true", "t", "yes", "y": given = true
            case "false", "f", "no", "n": given = false
            default: throw .notABoolean(joined)
            }
            return Evaluation(response: given ? "true" : "false", fraction: given == value ? 1 : 0)
        case .numeric(let value, let tolerance):
            guard let given = Double(joined.replacingOccurrences(of: "_", with: "")), given.isFinite else {
                throw .notANumber(joined)
            }
            return Evaluation(response: given.decimalText, fraction: abs(given - value) <= tolerance ? 1 : 0)
        case .shortText(let accepted):
            let normalized = Self.normalize(joined)
            let matches = accepted.contains { $0.matches(normalized) }
            return Evaluation(response: joined, fraction: matches ? 1 : 0)
        }
    }

    private static func selectedKeys(_ values: [String], from choices: [AnswerChoice]) throws(AnswerError) -> [String] {
        let valid = choices.map(\.key)
        let keys = values.flatMap { $0.split(whereSeparator: { $0 == "," || $0 == " " }) }.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }.filter { !$0.isEmpty }
        guard !keys.isEmpty else { throw .empty }
        var seen = Set<String>()
        for key in keys {
            guard valid.contains(key) else { throw .unknownChoice(key, valid: valid) }
            guard seen.insert(key).inserted else { throw .repeatedChoice(key) }
        }
        return keys
    }

    /// Lower-cases, folds runs of white space, and drops a trailing `()` so `shmat()` matches `shmat`.
    static func normalize(_ text: String) -> String {
        var words = text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
        if words.hasSuffix("()") { words.removeLast(2) }
        return words
    }
}

extension TextAnswer {
    func matches(_ normalized: String) -> Bool {
        switch self {
        case .exact(let text):
            return Question.normalize(text) == normalized
        case .pattern(let pattern, _):
            guard let regex = try? Regex(pattern).ignoresCase() else { return false }
            return normalized.wholeMatch(of: regex) != nil
        }
    }
}
