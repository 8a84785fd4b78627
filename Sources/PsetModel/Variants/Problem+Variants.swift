/// A problem as one student sees it, and the variant that says how it was drawn.
public struct ProblemVariant: Sendable {
    public var problem: Problem
    public var variant: Variant

    public init(problem: Problem, variant: Variant) {
        self.problem = problem
        self.variant = variant
    }
}

extension Problem {
    /// Whether the problem declares parameters.
    public var isParameterised: Bool { template != nil }

    /// Whether each student sees the choices in an order of their own.
    public var shufflesChoices: Bool { question.map { $0.shufflesChoices && $0.choices.count > 1 } ?? false }

    /// Whether students may see different variants of the problem.
    public var varies: Bool { isParameterised || shufflesChoices }

    /// The problem as `stored` records it (the variant of an earlier attempt), with whatever it does not record
    /// drawn from `seed`; with neither, the declared problem: first values, declared order.
    ///
    /// A stored variant without a choice order was made on the declared order, so it keeps that order.
    public func variant(seed: VariantSeed?, replaying stored: Variant? = nil) -> ProblemVariant {
        var drawn = self
        var parameters: [String: ParameterValue] = [:]
        if let template {
            let values = Parameters(.seeded(seed, stored: stored?.parameters ?? [:]))
            drawn = template.assemble(values).problem
            parameters = values.values
        }
        let order: [String]?
        if let stored {
            order =
                stored.choiceOrder.flatMap { drawn.question?.isOrder($0) == true ? $0 : nil }
                ?? (stored.choiceOrder == nil ? nil : seed.flatMap { drawn.seededOrder($0) })
        } else {
            order = seed.flatMap { drawn.seededOrder($0) }
        }
        return drawn.shown(in: order, parameters: parameters)
    }

    /// The choice order a seed gives this problem, when it shuffles its choices.
    func seededOrder(_ seed: VariantSeed) -> [String]? {
        guard shufflesChoices, let keys = question?.choices.map(\.key) else { return nil }
        // Parameter names cannot start with '#', so this stream is the order's alone.
        var generator = seed.generator(for: "#choice-order")
        return generator.permutation(of: keys.count).map { keys[$0] }
    }

    /// This problem with its choices in `order`, and the variant that records it.
    func shown(in order: [String]?, parameters: [String: ParameterValue]) -> ProblemVariant {
        var problem = self
        if let order, shufflesChoices, let question {
            problem.content = .question(question.showing(order))
        }
        return ProblemVariant(
            problem: problem, variant: Variant(parameters: parameters, choiceOrder: shufflesChoices ? order : nil))
    }
}
