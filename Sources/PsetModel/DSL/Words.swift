/// `Title("...")`: the title of a set or problem.
public struct Title: ProblemPart, SetPart {
    let text: String
    public init(_ text: String) { self.text = text }
    public var problemAttributes: [ProblemAttribute] { [.title(text)] }
    public var setAttributes: [SetAttribute] { [.title(text)] }
}

/// `Prompt("""...""")`: what the student reads; Markdown-like plain text.
public struct Prompt: ProblemPart {
    let text: String
    public init(_ text: String) { self.text = text }
    public var problemAttributes: [ProblemAttribute] { [.prompt(text)] }
}

/// `Points(2)`: what the problem is worth.
public struct Points: ProblemPart {
    let value: Double
    public init(_ value: Double) { self.value = value }
    public var problemAttributes: [ProblemAttribute] { [.points(value)] }
}

/// `Topics(.pipes, .forkCOW)`: the course-outline tags the problem exercises.
public struct Topics: ProblemPart {
    let topics: [Topic]
    public init(_ topics: Topic...) { self.topics = topics }
    public var problemAttributes: [ProblemAttribute] { [.topics(topics)] }
}

/// `Explanation("""...""")`: why the answer is right, revealed with it.
public struct Explanation: ProblemPart {
    let text: String
    public init(_ text: String) { self.text = text }
    public var problemAttributes: [ProblemAttribute] { [.explanation(text)] }
}

/// `Choice("b", "shmat attaches the segment", correct: true)`: an option of a choice question.
public struct Choice: ProblemPart {
    let choice: AnswerChoice
    let correct: Bool
    public init(_ key: String, _ text: String, correct: Bool = false) {
        self.choice = AnswerChoice(key: key, text: text)
        self.correct = correct
    }
    public var problemAttributes: [ProblemAttribute] { [.choice(choice, correct: correct)] }
}

/// `PartialCredit()`: a multiple-select question gives credit for each right key, less each wrong one.
public struct PartialCredit: ProblemPart {
    public init() {}
    public var problemAttributes: [ProblemAttribute] { [.partialCredit] }
}

/// `KeepChoiceOrder()`: every student sees the choices in the declared order, as "all of the above" needs;
/// without it, each student sees them in an order of their own.
public struct KeepChoiceOrder: ProblemPart {
    public init() {}
    public var problemAttributes: [ProblemAttribute] { [.keepChoiceOrder] }
}

/// `Answer(true)` for a true/false question, `Answer(285, tolerance: 0.5)` or `Answer(1 << n)` for a numeric one.
public struct Answer: ProblemPart {
    let attribute: ProblemAttribute
    public init(_ value: Bool) { attribute = .booleanAnswer(value) }
    public init(_ value: Int) { attribute = .numericAnswer(Double(value), tolerance: 0) }
    public init(_ value: Double, tolerance: Double = 0) { attribute = .numericAnswer(value, tolerance: tolerance) }
    public var problemAttributes: [ProblemAttribute] { [attribute] }
}

/// `Accept("shmat")` or `Accept(pattern: "shm_?at", example: "shmat")`: an accepted short-text answer.
public struct Accept: ProblemPart {
    let answer: TextAnswer
    public init(_ text: String) { answer = .exact(text) }
    public init(pattern: String, example: String) { answer = .pattern(pattern, example: example) }
    public var problemAttributes: [ProblemAttribute] { [.accept(answer)] }
}

/// `Reveal(.afterDue)`: when answers and explanations (or hidden-test details) are shown.
public struct Reveal: ProblemPart, SetPart {
    let policy: RevealPolicy
    public init(_ policy: RevealPolicy) { self.policy = policy }
    public var problemAttributes: [ProblemAttribute] { [.reveal(policy)] }
    public var setAttributes: [SetAttribute] { [.reveal(policy)] }
}

/// `Scoring(.best)`: which attempt counts.
public struct Scoring: ProblemPart, SetPart {
    let policy: ScoringPolicy
    public init(_ policy: ScoringPolicy) { self.policy = policy }
    public var problemAttributes: [ProblemAttribute] { [.scoring(policy)] }
    public var setAttributes: [SetAttribute] { [.scoring(policy)] }
}

/// `MaxAttempts(3)`: the most attempts a student may make.
public struct MaxAttempts: ProblemPart, SetPart {
    let count: Int
    public init(_ count: Int) { self.count = count }
    public var problemAttributes: [ProblemAttribute] { [.maxAttempts(count)] }
    public var setAttributes: [SetAttribute] { [.maxAttempts(count)] }
}

/// `Due("2026-12-04T23:59:00Z")`: the set's due date, ISO 8601.
public struct Due: SetPart {
    let text: String
    public init(_ text: String) { self.text = text }
    public var setAttributes: [SetAttribute] { [.due(text)] }
}

/// `Weight(1)`: the set's weight in the course total.
public struct Weight: SetPart {
    let value: Double
    public init(_ value: Double) { self.value = value }
    public var setAttributes: [SetAttribute] { [.weight(value)] }
}

/// `Late(.penaltyPerDay(0.1))`: how work after the due date is scored.
public struct Late: SetPart {
    let policy: LatePolicy
    public init(_ policy: LatePolicy) { self.policy = policy }
    public var setAttributes: [SetAttribute] { [.late(policy)] }
}

/// `CanvasAssignment(12345)`: the Canvas assignment the set's grades import into, optional; the Canvas export heads
/// the set's column `Title (12345)` so Canvas fills that assignment rather than creating one.
public struct CanvasAssignment: SetPart {
    let id: String
    public init(_ id: Int) { self.id = String(id) }
    /// The id as text, as Canvas's gradebook export prints it; validation checks it is a positive whole number.
    public init(_ id: String) { self.id = id }
    public var setAttributes: [SetAttribute] { [.canvasAssignment(id)] }
}
