/// A conceptual question: how it is answered, and the explanation revealed after.
public struct Question: Sendable {
    public var format: QuestionFormat
    /// Teaches why the answer is right; revealed with the answer.
    public var explanation: String
    /// Whether each student sees the choices in an order of their own (the default; `KeepChoiceOrder()` opts out).
    public var shufflesChoices: Bool

    public init(format: QuestionFormat, explanation: String, shufflesChoices: Bool = true) {
        self.format = format
        self.explanation = explanation
        self.shufflesChoices = shufflesChoices
    }

    /// The choices a student picks from, for choice questions; empty otherwise.
    public var choices: [AnswerChoice] {
        switch format {
        case .singleChoice(let choices, _), .multipleSelect(let choices, _, _): choices
        case .trueFalse, .numeric, .shortText: []
        }
    }

    /// The correct answer, in the form `pset show` reveals it.
    public var answerKey: AnswerKey {
        switch format {
        case .singleChoice(_, let correct): .choice(correct)
        case .multipleSelect(_, let correct, _): .choices(correct.sorted())
        case .trueFalse(let value): .bool(value)
        case .numeric(let value, _): .number(value)
        case .shortText(let accepted): .text(accepted.first?.example ?? "")
        }
    }
}

/// One option of a choice question.
public struct AnswerChoice: Sendable, Codable, Hashable {
    public var key: String
    public var text: String

    public init(key: String, text: String) {
        self.key = key
        self.text = text
    }
}

/// The ways a question can be answered.
public enum QuestionFormat: Sendable {
    /// Exactly one key is correct.
    case singleChoice(choices: [AnswerChoice], correct: String)
    /// All correct keys, and no others, must be selected; optionally with partial credit.
    case multipleSelect(choices: [AnswerChoice], correct: Set<String>, partialCredit: Bool)
    case trueFalse(Bool)
    /// A number within `tolerance` of the value is correct.
    case numeric(Double, tolerance: Double)
    /// Free text matched against accepted answers.
    case shortText([TextAnswer])

    /// The name of the format, as shown to students.
    public var name: String {
        switch self {
        case .singleChoice: "single-choice"
        case .multipleSelect: "multiple-select"
        case .trueFalse: "true-false"
        case .numeric: "numeric"
        case .shortText: "short-text"
        }
    }
}

/// An accepted free-text answer.
public enum TextAnswer: Sendable, Hashable {
    /// Matches after normalisation: case, surrounding space, runs of space and a trailing `()` are ignored.
    case exact(String)
    /// Matches when the whole normalised answer matches the regular expression, ignoring case.
    case pattern(String, example: String)

    /// What to show as the answer once revealed.
    public var example: String {
        switch self {
        case .exact(let text): text
        case .pattern(_, let example): example
        }
    }
}

/// A revealed correct answer; encodes to the natural JSON value (string, array, bool or number).
public enum AnswerKey: Sendable, Equatable, Codable, CustomStringConvertible {
    case choice(String)
    case choices([String])
    case bool(Bool)
    case number(Double)
    case text(String)

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .choice(let key): try container.encode(key)
        case .choices(let keys): try container.encode(keys)
        case .bool(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .text(let text): try container.encode(text)
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let keys = try? container.decode([String].self) {
            self = .choices(keys)
        } else {
            self = .text(try container.decode(String.self))
        }
    }

    public var description: String {
        switch self {
        case .choice(let key): key
        case .choices(let keys): keys.joined(separator: ", ")
        case .bool(let value): value ? "true" : "false"
        case .number(let value): value.decimalText
        case .text(let text): text
        }
    }
}

extension Double {
    /// The shortest decimal form: `3` rather than `3.0`.
    public var decimalText: String {
        rounded() == self && abs(self) < 1e15 ? String(Int64(self)) : String(self)
    }
}
