extension Problem {
    /// Every draw of the problem's parameters when there are at most `limit`, else `sample` draws from seeds;
    /// each with the choices in the declared order.
    public func parameterDraws(limit: Int = 1_000, sample: Int = 200) -> (draws: [ProblemVariant], exhaustive: Bool) {
        let (draws, exhaustive) = drawsWithIssues(limit: limit, sample: sample)
        return (draws.map { $0.drawn }, exhaustive)
    }

    /// Checks every draw (or, past `limit`, `sample` of them): each must make a valid problem whose answer is
    /// well-formed and graded correct in any choice order, whose choices stay distinct, and whose title, points,
    /// topics, policies, kind, keys and tests are the declared ones.
    public func checkVariants(limit: Int = 1_000, sample: Int = 200) -> VariantReport {
        let (draws, exhaustive) = drawsWithIssues(limit: limit, sample: sample)
        var issues: [String] = []
        var seen = Set<String>()
        for (number, draw) in draws.enumerated() {
            var found = draw.issues + draw.drawn.problem.issues(declared: self)
            // One more order per draw, so the answer's keys are followed through many shuffles.
            let seed = VariantSeed(UInt64(number) &* 0x9e37_79b9_7f4a_7c15 &+ 1)
            if let order = draw.drawn.problem.seededOrder(seed) {
                found += draw.drawn.problem.shown(in: order, parameters: [:]).problem.answerIssues()
            }
            let context = draw.drawn.variant.parameters.isEmpty ? "" : "with \(draw.drawn.variant.parameterText): "
            for issue in found where seen.insert(context + issue).inserted {
                issues.append(context + issue)
            }
        }
        return VariantReport(problemID: id, draws: draws.count, exhaustive: exhaustive, issues: issues)
    }

    private func drawsWithIssues(limit: Int, sample: Int) -> (
        draws: [(drawn: ProblemVariant, issues: [String])], exhaustive: Bool
    ) {
        guard let template else {
            return ([(drawn: ProblemVariant(problem: self, variant: Variant()), issues: [])], true)
        }
        let sources: [Parameters.Source]
        let exhaustive: Bool
        if let paths = template.everyDraw(limit: limit) {
            sources = paths.map { .indexed($0) }
            exhaustive = true
        } else {
            sources = (0..<sample).map { .seeded(VariantSeed(UInt64($0) &* 0xd1b5_4a32_d192_ed03 &+ 7), stored: [:]) }
            exhaustive = false
        }
        let draws: [(drawn: ProblemVariant, issues: [String])] = sources.map { source in
            let parameters = Parameters(source)
            let (problem, issues) = template.assemble(parameters)
            return (ProblemVariant(problem: problem, variant: Variant(parameters: parameters.values)), issues)
        }
        return (draws, exhaustive)
    }

    /// What is wrong with this draw of a problem declared as `declared`.
    func issues(declared: Problem) -> [String] {
        var issues: [String] = []
        if prompt.trimmed.isEmpty { issues.append("the Prompt is empty") }
        if title != declared.title { issues.append("the Title must be the same in every variant") }
        if points != declared.points { issues.append("Points must be the same in every variant") }
        if topics != declared.topics { issues.append("Topics must be the same in every variant") }
        if policyOverrides != declared.policyOverrides {
            issues.append("Reveal, Scoring and MaxAttempts must be the same in every variant")
        }
        switch (content, declared.content) {
        case (.question(let question), .question(let first)):
            issues += Bank.questionIssues(question) + answerIssues()
            if question.format.name != first.format.name { issues.append("the kind of question must not change") }
            if question.choices.map(\.key) != first.choices.map(\.key) {
                issues.append("the choice keys must be the same in every variant")
            }
            if question.shufflesChoices != first.shufflesChoices {
                issues.append("KeepChoiceOrder() must be in every variant or in none")
            }
            issues += Self.repeatedChoices(question.choices)
        case (.code(let task), .code(let first)):
            issues += Bank.taskIssues(task, points: points, prompt: prompt)
            if task.tests.map(\.name) != first.tests.map(\.name)
                || task.tests.map(\.points) != first.tests.map(\.points)
                || task.tests.map(\.hidden) != first.tests.map(\.hidden)
            {
                issues.append("the tests' names, points and visibility must be the same in every variant")
            }
            if task.submittedFileNames != first.submittedFileNames
                || task.mutants.map(\.name) != first.mutants.map(\.name)
            {
                issues.append("the Starter files and Mutants must be the same in every variant")
            }
        default:
            issues.append("the kind of problem must not change")
        }
        return issues
    }

    /// The revealed answer, given back as a student would type it, must be graded fully correct.
    func answerIssues() -> [String] {
        guard let question else { return [] }
        let key = question.answerKey
        let values: [String] =
            switch key {
            case .choice(let choice): [choice]
            case .choices(let choices): choices
            case .bool(let value): [value ? "true" : "false"]
            case .number(let value): [value.decimalText]
            case .text(let text): [text]
            }
        do {
            let evaluation = try question.evaluate(values)
            return evaluation.correct ? [] : ["the revealed answer '\(key)' is not graded correct"]
        } catch {
            return ["the revealed answer '\(key)' cannot be given as an answer: \(error)"]
        }
    }

    /// Two choices that read the same (ignoring case and spacing) leave a student unable to tell them apart.
    static func repeatedChoices(_ choices: [AnswerChoice]) -> [String] {
        var issues: [String] = []
        var firstKey: [String: String] = [:]
        for choice in choices {
            let text = choice.text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
            if let other = firstKey[text] {
                issues.append("choices '\(other)' and '\(choice.key)' both read '\(choice.text)'")
            } else {
                firstKey[text] = choice.key
            }
        }
        return issues
    }
}

extension Bank {
    /// Checks every problem over its parameter space; one report per problem, in bank order.
    public func checkVariants(limit: Int = 1_000, sample: Int = 200) -> [VariantReport] {
        problems.map { $0.checkVariants(limit: limit, sample: sample) }
    }
}
