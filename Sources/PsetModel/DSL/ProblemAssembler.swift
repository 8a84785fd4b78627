/// Turns the lines of one problem declaration into a `Problem`, noting what is missing or misplaced.
///
/// Declarations never fail to build: what is wrong is recorded and reported by `Bank.validate()`,
/// so one mistake in the bank names its file and problem instead of crashing the program.
struct ProblemAssembler {
    enum Form {
        case singleChoice, multipleSelect, trueFalse, numeric, shortText, coding

        var name: String {
            switch self {
            case .singleChoice: "single-choice question"
            case .multipleSelect: "multiple-select question"
            case .trueFalse: "true/false question"
            case .numeric: "numeric question"
            case .shortText: "short-text question"
            case .coding: "coding problem"
            }
        }
    }

    private(set) var issues: [String] = []
    private(set) var problem: Problem

    init(_ id: String, _ form: Form, _ attributes: [ProblemAttribute], _ location: SourceLocation) {
        problem = Problem(
            id: id, title: "", prompt: "", points: 0, topics: [], content: .code(CodingTask()),
            policyOverrides: PolicyOverrides(), location: location
        )
        var explanation: String?
        var choices: [AnswerChoice] = []
        var correctKeys: [String] = []
        var partialCredit = false
        var shufflesChoices = true
        var boolean: Bool?
        var numeric: (value: Double, tolerance: Double)?
        var accepted: [TextAnswer] = []
        var task = CodingTask()
        var seen = Set<String>()

        for attribute in attributes {
            if Self.singular(attribute), !seen.insert(attribute.word).inserted {
                issues.append("\(attribute.word) is given more than once")
            }
            guard Self.allowed(attribute, in: form) else {
                issues.append("\(attribute.word) does not belong in a \(form.name)")
                continue
            }
            switch attribute {
            case .title(let text): problem.title = text
            case .prompt(let text): problem.prompt = text
            case .points(let value): problem.points = value
            case .topics(let topics): problem.topics = topics
            case .explanation(let text): explanation = text
            case .choice(let choice, let correct):
                choices.append(choice)
                if correct { correctKeys.append(choice.key) }
            case .partialCredit: partialCredit = true
            case .keepChoiceOrder: shufflesChoices = false
            case .booleanAnswer(let value): boolean = value
            case .numericAnswer(let value, let tolerance): numeric = (value, tolerance)
            case .accept(let answer): accepted.append(answer)
            case .reveal(let policy): problem.policyOverrides.reveal = policy
            case .scoring(let policy): problem.policyOverrides.scoring = policy
            case .maxAttempts(let count): problem.policyOverrides.maxAttempts = count
            case .starter(let file): task.starter.append(file)
            case .header(let file): task.headers.append(file)
            case .reference(let file): task.reference.append(file)
            case .support(let file): task.support.append(file)
            case .test(let test): task.tests.append(test)
            case .mutant(let mutant): task.mutants.append(mutant)
            case .budget(let budget): task.budget = budget
            case .concurrency(let concurrency): task.concurrency = concurrency
            case .allows(let families): task.calls.allowed = families
            case .forbids(let calls): task.calls.forbidden.append(calls)
            case .requirement(let requirement): task.requirements.append(requirement)
            }
        }

        let format: QuestionFormat
        switch form {
        case .coding:
            // How a task's runs are made repeatable follows from it, so it is never left to a default.
            if !seen.contains("Concurrency") {
                issues.append("a coding problem needs Concurrency(.threads) or Concurrency(.processes)")
            }
            // What a submission may call is the task's rule, so it is stated, never a default.
            if !seen.contains("Allows") {
                issues.append("a coding problem needs Allows(...): the library families a submission may call")
            }
            problem.content = .code(task)
            return
        case .singleChoice:
            if correctKeys.count != 1 {
                issues.append("a single-choice question needs exactly one correct choice, has \(correctKeys.count)")
            }
            format = .singleChoice(choices: choices, correct: correctKeys.first ?? "")
        case .multipleSelect:
            if correctKeys.isEmpty { issues.append("a multiple-select question needs at least one correct choice") }
            format = .multipleSelect(choices: choices, correct: Set(correctKeys), partialCredit: partialCredit)
        case .trueFalse:
            if boolean == nil { issues.append("a true/false question needs Answer(true) or Answer(false)") }
            format = .trueFalse(boolean ?? false)
        case .numeric:
            if numeric == nil { issues.append("a numeric question needs Answer(number)") }
            format = .numeric(numeric?.value ?? 0, tolerance: numeric?.tolerance ?? 0)
        case .shortText:
            if accepted.isEmpty { issues.append("a short-text question needs at least one Accept") }
            format = .shortText(accepted)
        }
        if explanation == nil { issues.append("a question needs an Explanation") }
        problem.content = .question(
            Question(format: format, explanation: explanation ?? "", shufflesChoices: shufflesChoices))
    }

    var declaration: SetAttribute { .problem(problem, issues: issues) }

    /// Attributes that may appear at most once in a problem.
    private static func singular(_ attribute: ProblemAttribute) -> Bool {
        switch attribute {
        case .choice, .accept, .starter, .header, .reference, .support, .test, .mutant, .forbids, .requirement: false
        default: true
        }
    }

    private static func allowed(_ attribute: ProblemAttribute, in form: Form) -> Bool {
        switch attribute {
        case .title, .prompt, .points, .topics, .reveal, .scoring, .maxAttempts: true
        case .explanation: form != .coding
        case .choice, .keepChoiceOrder: form == .singleChoice || form == .multipleSelect
        case .partialCredit: form == .multipleSelect
        case .booleanAnswer: form == .trueFalse
        case .numericAnswer: form == .numeric
        case .accept: form == .shortText
        case .starter, .header, .reference, .support, .test, .mutant, .budget, .concurrency, .allows, .forbids,
            .requirement:
            form == .coding
        }
    }
}
