/// The value a parameter took in one variant: a whole number or a word; encodes as the plain JSON value.
public enum ParameterValue: Sendable, Hashable, Codable, CustomStringConvertible {
    case int(Int)
    case text(String)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else {
            self = .text(try container.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .int(let value): try container.encode(value)
        case .text(let text): try container.encode(text)
        }
    }

    public var description: String {
        switch self {
        case .int(let value): String(value)
        case .text(let text): text
        }
    }
}

/// A type a parameter's values can have: `Int` or `String`.
public protocol ParameterValueConvertible: Sendable {
    init?(_ parameter: ParameterValue)
    var parameterValue: ParameterValue { get }
    /// What a draw from no values at all returns, once the mistake is recorded.
    static var placeholder: Self { get }
}

extension Int: ParameterValueConvertible {
    public init?(_ parameter: ParameterValue) {
        guard case .int(let value) = parameter else { return nil }
        self = value
    }
    public var parameterValue: ParameterValue { .int(self) }
    public static var placeholder: Int { 0 }
}

extension String: ParameterValueConvertible {
    public init?(_ parameter: ParameterValue) {
        guard case .text(let text) = parameter else { return nil }
        self = text
    }
    public var parameterValue: ParameterValue { .text(self) }
    public static var placeholder: String { "" }
}
