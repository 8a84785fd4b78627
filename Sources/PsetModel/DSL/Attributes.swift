import Foundation

/// One line of a problem declaration, as the problem builder collects them.
public enum ProblemAttribute: Sendable {
    case title(String)
    case prompt(String)
    case points(Double)
    case topics([Topic])
    case explanation(String)
    case choice(AnswerChoice, correct: Bool)
    case partialCredit
    case keepChoiceOrder
    case booleanAnswer(Bool)
    case numericAnswer(Double, tolerance: Double)
    case accept(TextAnswer)
    case reveal(RevealPolicy)
    case scoring(ScoringPolicy)
    case maxAttempts(Int)
    case starter(SourceFile)
    case header(SourceFile)
    case reference(SourceFile)
    case support(SourceFile)
    case test(TaskTest)
    case mutant(TaskMutant)
    case budget(GradingBudget)
    case concurrency(CodingTask.Concurrency)
    case allows([LibraryFamily])
    case forbids(ForbiddenCalls)
    case requirement(StructureRequirement)

    /// The DSL word that wrote this attribute, for messages.
    var word: String {
        switch self {
        case .title: "Title"
        case .prompt: "Prompt"
        case .points: "Points"
        case .topics: "Topics"
        case .explanation: "Explanation"
        case .choice: "Choice"
        case .partialCredit: "PartialCredit"
        case .keepChoiceOrder: "KeepChoiceOrder"
        case .booleanAnswer, .numericAnswer: "Answer"
        case .accept: "Accept"
        case .reveal: "Reveal"
        case .scoring: "Scoring"
        case .maxAttempts: "MaxAttempts"
        case .starter: "Starter"
        case .header: "Header"
        case .reference: "Reference"
        case .support: "Support"
        case .test: "TestCase"
        case .mutant: "Mutant"
        case .budget: "Budget"
        case .concurrency: "Concurrency"
        case .allows: "Allows"
        case .forbids: "Forbids"
        case .requirement: "Requires"
        }
    }
}

/// One line of a problem-set declaration.
public enum SetAttribute: Sendable {
    case title(String)
    case due(String)
    case weight(Double)
    case late(LatePolicy)
    case canvasAssignment(String)
    case reveal(RevealPolicy)
    case scoring(ScoringPolicy)
    case maxAttempts(Int)
    case problem(Problem, issues: [String])
}

/// Something that can stand on a line of a problem declaration.
public protocol ProblemPart: Sendable {
    var problemAttributes: [ProblemAttribute] { get }
}

/// Something that can stand on a line of a problem-set declaration.
public protocol SetPart: Sendable {
    var setAttributes: [SetAttribute] { get }
}

@resultBuilder
public enum ProblemBuilder {
    public static func buildExpression(_ part: some ProblemPart) -> [ProblemAttribute] { part.problemAttributes }
    /// Lets a helper that returns several attributes stand on one line.
    public static func buildExpression(_ attributes: [ProblemAttribute]) -> [ProblemAttribute] { attributes }
    public static func buildBlock(_ parts: [ProblemAttribute]...) -> [ProblemAttribute] { parts.flatMap { $0 } }
    public static func buildArray(_ parts: [[ProblemAttribute]]) -> [ProblemAttribute] { parts.flatMap { $0 } }
    public static func buildOptional(_ parts: [ProblemAttribute]?) -> [ProblemAttribute] { parts ?? [] }
    public static func buildEither(first: [ProblemAttribute]) -> [ProblemAttribute] { first }
    public static func buildEither(second: [ProblemAttribute]) -> [ProblemAttribute] { second }
}

@resultBuilder
public enum SetBuilder {
    public static func buildExpression(_ part: some SetPart) -> [SetAttribute] { part.setAttributes }
    public static func buildBlock(_ parts: [SetAttribute]...) -> [SetAttribute] { parts.flatMap { $0 } }
    public static func buildArray(_ parts: [[SetAttribute]]) -> [SetAttribute] { parts.flatMap { $0 } }
    public static func buildOptional(_ parts: [SetAttribute]?) -> [SetAttribute] { parts ?? [] }
    public static func buildEither(first: [SetAttribute]) -> [SetAttribute] { first }
    public static func buildEither(second: [SetAttribute]) -> [SetAttribute] { second }
}

/// A list of declarations, so a set can name problems declared in other files: `Bank.ipcTasks`.
extension Array: SetPart where Element: SetPart {
    public var setAttributes: [SetAttribute] { flatMap(\.setAttributes) }
}
