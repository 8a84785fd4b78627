/// The parameters of a problem's variant, drawn where its declaration asks for them:
/// `Numeric("ipc/fork-loop-count") { params in let n = params.int("n", in: 2...5) ... }`.
///
/// The same declaration is run once per variant; the source decides the values: the first of each (the declared
/// problem), a student's seed (or the values stored with their attempt), or one path of the whole space when
/// `pset bank verify` walks it.
public final class Parameters {
    enum Source {
        /// Every parameter at its first value.
        case first
        /// The values at these indices, in the order the parameters are drawn; first values past the end.
        case indexed([Int])
        /// Stored values where there are any of the right type, else values drawn from the seed.
        case seeded(VariantSeed?, stored: [String: ParameterValue])
    }

    /// One draw: which parameter, which of how many values, and the value.
    struct Draw {
        var name: String
        var index: Int?
        var count: Int
        var value: ParameterValue
    }

    let source: Source
    private(set) var draws: [Draw] = []
    private(set) var issues: [String] = []

    init(_ source: Source) { self.source = source }

    /// A whole number from a range: `params.int("n", in: 2...5)`.
    public func int(_ name: String, in range: ClosedRange<Int>) -> Int {
        draw(name, count: range.count) { range.lowerBound + $0 }
    }

    /// One of a list of values: `params.pick("ops", from: [150, 200, 250])`, `params.pick("mode", from: ["a", "b"])`.
    public func pick<Value: ParameterValueConvertible>(_ name: String, from values: [Value]) -> Value {
        draw(name, count: values.count) { values[$0] }
    }

    /// The values drawn, by name.
    var values: [String: ParameterValue] {
        Dictionary(draws.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    private func draw<Value: ParameterValueConvertible>(
        _ name: String, count: Int, value: (Int) -> Value
    ) -> Value {
        if !Self.isValidName(name) {
            issues.append("parameter name '\(name)' must be a letter followed by letters, digits, '-' or '_'")
        }
        if draws.contains(where: { $0.name == name }) { issues.append("parameter '\(name)' is drawn twice") }
        guard count > 0 else {
            issues.append("parameter '\(name)' has no values to draw from")
            return .placeholder
        }
        var index: Int?
        var chosen: Value?
        switch source {
        case .first:
            index = 0
        case .indexed(let path):
            index = draws.count < path.count ? min(path[draws.count], count - 1) : 0
        case .seeded(let seed, let stored):
            if let stored = stored[name], let value = Value(stored) {
                chosen = value
            } else if let seed {
                var generator = seed.generator(for: name)
                index = generator.next(below: count)
            } else {
                index = 0
            }
        }
        let result = chosen ?? value(index ?? 0)
        draws.append(Draw(name: name, index: index, count: count, value: result.parameterValue))
        return result
    }

    private static func isValidName(_ name: String) -> Bool {
        guard let first = name.first, first.isASCII, first.isLetter else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }
}
