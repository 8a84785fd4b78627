import Foundation

extension Bank {
    /// Every rule the bank's content must follow, checked at once.
    public func issues() -> [BankIssue] {
        var issues: [BankIssue] = []
        var setIDs = Set<String>()
        var problemIDs = Set<String>()
        var canvasAssignments = Set<String>()
        for set in sets {
            issues += set.declarationIssues
            if let assignment = set.canvasAssignmentID {
                if !assignment.allSatisfy({ $0.isASCII && $0.isNumber }) || UInt64(assignment).map({ $0 > 0 }) != true {
                    issues.append(
                        BankIssue(
                            set.location, setID: set.id,
                            "CanvasAssignment(\"\(assignment)\") is not a Canvas assignment id: a positive whole number"
                        ))
                } else if !canvasAssignments.insert(String(UInt64(assignment)!)).inserted {
                    issues.append(
                        BankIssue(
                            set.location, setID: set.id,
                            "another set imports into Canvas assignment \(assignment); each set needs its own"))
                }
            }
            if !setIDs.insert(set.id).inserted {
                issues.append(BankIssue(set.location, setID: set.id, "another set has the same id"))
            }
            if set.title.trimmed.isEmpty { issues.append(BankIssue(set.location, setID: set.id, "Title is missing")) }
            if set.weight < 0 { issues.append(BankIssue(set.location, setID: set.id, "Weight must not be negative")) }
            if let count = set.policyOverrides.maxAttempts, count < 1 {
                issues.append(BankIssue(set.location, setID: set.id, "MaxAttempts must be at least 1"))
            }
            for problem in set.problems {
                if !problemIDs.insert(problem.id).inserted {
                    issues.append(BankIssue(problem.location, problemID: problem.id, "another problem has the same id"))
                }
                issues += problemIssues(problem, in: set).map { BankIssue(problem.location, problemID: problem.id, $0) }
            }
        }
        return issues
    }

    /// Throws `BankValidationError` listing every issue, if there is any.
    public func validate() throws(BankValidationError) {
        let issues = issues()
        if !issues.isEmpty { throw BankValidationError(issues: issues) }
    }

    private func problemIssues(_ problem: Problem, in set: ProblemSet) -> [String] {
        var issues: [String] = []
        let slug = problem.id.dropFirst(set.id.count + 1)
        if !problem.id.hasPrefix(set.id + "/") || slug.isEmpty
            || !slug.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") })
        {
            issues.append("the id must be '\(set.id)/' followed by lower-case letters, digits and dashes")
        }
        if problem.title.trimmed.isEmpty { issues.append("Title is missing") }
        if problem.prompt.trimmed.isEmpty { issues.append("Prompt is missing") }
        if !(problem.points > 0) { issues.append("Points must be greater than zero") }
        if problem.topics.isEmpty { issues.append("Topics must name at least one topic") }
        if Set(problem.topics).count != problem.topics.count { issues.append("Topics names a topic twice") }
        if let count = problem.policyOverrides.maxAttempts, count < 1 {
            issues.append("MaxAttempts must be at least 1")
        }
        switch problem.content {
        case .question(let question): issues += Self.questionIssues(question)
        case .code(let task): issues += Self.taskIssues(task, points: problem.points, prompt: problem.prompt)
        }
        return issues
    }

    static func questionIssues(_ question: Question) -> [String] {
        var issues: [String] = []
        if question.explanation.trimmed.isEmpty { issues.append("the Explanation is empty") }
        switch question.format {
        case .singleChoice(let choices, _), .multipleSelect(let choices, _, _):
            if choices.count < 2 { issues.append("a choice question needs at least two choices") }
            var keys = Set<String>()
            for choice in choices {
                if !keys.insert(choice.key).inserted { issues.append("choice key '\(choice.key)' is used twice") }
                if choice.key.isEmpty || choice.key != choice.key.lowercased()
                    || choice.key.contains(where: \.isWhitespace)
                    || choice.key.contains(",")
                {
                    issues.append("choice key '\(choice.key)' must be short, lower-case and without spaces or commas")
                }
                if choice.text.trimmed.isEmpty { issues.append("choice '\(choice.key)' has no text") }
            }
            if question.shufflesChoices { issues += shuffledChoiceIssues(question) }
        case .numeric(let value, let tolerance):
            if !value.isFinite { issues.append("the numeric answer must be a finite number") }
            if !(tolerance >= 0) { issues.append("the tolerance must not be negative") }
        case .shortText(let accepted):
            for case .pattern(let pattern, let example) in accepted {
                if (try? Regex(pattern)) == nil {
                    issues.append("Accept(pattern: \"\(pattern)\") is not a valid regular expression")
                } else if !TextAnswer.pattern(pattern, example: example).matches(Question.normalize(example)) {
                    issues.append("the example '\(example)' does not match its own pattern")
                }
            }
        case .trueFalse:
            break
        }
        return issues
    }

    /// Each student sees the choices in another order under other keys, so nothing may point at one by its key
    /// or its place.
    private static func shuffledChoiceIssues(_ question: Question) -> [String] {
        var issues: [String] = []
        if question.explanation.contains(#/(?i)\b(?:choices?|options?)\s+\(?[a-z]\)?(?=[\s,.;:)]|$)/#) {
            issues.append(
                "the Explanation names a choice by its key, but each student sees other keys: describe the choice, "
                    + "or add KeepChoiceOrder()")
        }
        for choice in question.choices
        where choice.text.contains(#/(?i)\b(?:all|none|both|neither|either) of the (?:above|below|others)\b/#) {
            issues.append(
                "choice '\(choice.key)' refers to the other choices by place, which shuffling changes: add KeepChoiceOrder()"
            )
        }
        return issues
    }

    static func taskIssues(_ task: CodingTask, points: Double, prompt: String) -> [String] {
        var issues: [String] = []
        let starterNames = task.starter.map(\.name)
        if starterNames.isEmpty { issues.append("a coding problem needs at least one Starter file") }
        if Set(starterNames).count != starterNames.count { issues.append("two Starter files have the same name") }
        let allNames = starterNames + task.headers.map(\.name) + task.support.map(\.name)
        if Set(allNames).count != allNames.count {
            issues.append("a Starter, Header and Support file share a name")
        }
        if Set(task.reference.map(\.name)) != Set(starterNames) {
            issues.append("the Reference files must have exactly the Starter files' names")
        }
        let harnessNames = Set(task.tests.compactMap(\.harness))
        for file in task.support where file.name.hasSuffix(".c") && !harnessNames.contains(file.name) {
            issues.append("Support file '\(file.name)' is a .c file that no TestCase names as its harness")
        }
        let testNames = task.tests.map(\.name)
        if Set(testNames).count != testNames.count { issues.append("two tests have the same name") }
        for test in task.tests {
            if let harness = test.harness, !task.support.contains(where: { $0.name == harness }) {
                issues.append("test '\(test.name)' names harness '\(harness)', which is not a Support file")
            }
            if !(test.points >= 0) { issues.append("test '\(test.name)' has negative points") }
        }
        if !task.tests.isEmpty {
            let total = task.tests.reduce(0) { $0 + $1.points }
            if abs(total - points) > 1e-9 {
                issues.append(
                    "the tests' points add up to \(total.decimalText), not the problem's \(points.decimalText)")
            }
        }
        var mutantNames = Set<String>()
        for mutant in task.mutants {
            if !mutantNames.insert(mutant.name).inserted { issues.append("two mutants are named '\(mutant.name)'") }
            if mutant.reason.trimmed.isEmpty { issues.append("mutant '\(mutant.name)' gives no reason") }
            if mutant.files.isEmpty { issues.append("mutant '\(mutant.name)' has no files") }
            for file in mutant.files where !starterNames.contains(file.name) {
                issues.append("mutant '\(mutant.name)' replaces '\(file.name)', which is not a Starter file")
            }
            if mutant.mustFail.isEmpty { issues.append("mutant '\(mutant.name)' names no test that must fail") }
            for name in mutant.mustFail where !testNames.contains(name) {
                issues.append("mutant '\(mutant.name)' must fail test '\(name)', which does not exist")
            }
        }
        for rule in task.calls.forbidden
        where rule.patterns.isEmpty || rule.patterns.contains(where: \.trimmed.isEmpty) || rule.reason.trimmed.isEmpty {
            issues.append("a Forbids needs at least one symbol name and a reason")
        }
        if task.budget.schedules < 1 || !(task.budget.runSeconds > 0) {
            issues.append("the Budget must allow at least one schedule and some time")
        }
        return issues + requirementIssues(task, prompt: prompt)
    }

    /// A `Requires` line must quote the prompt, and be checked by a test that can count what it says.
    private static func requirementIssues(_ task: CodingTask, prompt: String) -> [String] {
        var issues: [String] = []
        let structured = task.tests.filter { $0.checks.contains(.structure) }
        if task.requirements.isEmpty, let test = structured.first {
            issues.append("test '\(test.name)' checks the structure, but no Requires line says what it must be")
        }
        if !task.requirements.isEmpty, structured.isEmpty {
            issues.append("Requires lines are given, but no test has the structure check")
        }
        let words = { (text: String) in text.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        for requirement in task.requirements {
            if requirement.words.trimmed.isEmpty || !words(prompt).contains(words(requirement.words)) {
                issues.append("Requires says \"\(requirement.words)\", which the Prompt does not")
            }
            if case .argument = requirement.bound.count {
                for test in structured where requirement.bound.count.value(arguments: test.arguments) == nil {
                    issues.append(
                        "test '\(test.name)' checks \"\(requirement.words)\", counted from its first argument, which is not a number"
                    )
                }
            }
        }
        return issues
    }
}

extension String {
    var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
