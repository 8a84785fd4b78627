/// What one student saw of a problem: the values its parameters took and the order its choices came in.
///
/// Stored with every attempt, so the attempt can be shown, revealed and regraded exactly as it was made.
public struct Variant: Sendable, Codable, Equatable {
    /// Each parameter's value, by name.
    public var parameters: [String: ParameterValue]
    /// The bank's keys of the choices in the order the student saw them; the student saw them under the
    /// declared keys in declared order (the first shown as `a`, and so on). `nil` for the declared order.
    public var choiceOrder: [String]?

    public init(parameters: [String: ParameterValue] = [:], choiceOrder: [String]? = nil) {
        self.parameters = parameters
        self.choiceOrder = choiceOrder
    }

    /// The declared problem: parameters at their first values, choices in the declared order.
    public var isDeclared: Bool { parameters.isEmpty && choiceOrder == nil }

    /// The parameters as `n = 3, mode = readers`, sorted by name.
    public var parameterText: String {
        parameters.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value)" }.joined(separator: ", ")
    }
}
