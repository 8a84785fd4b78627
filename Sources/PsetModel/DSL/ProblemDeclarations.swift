/// `SingleChoice("ipc/shmget-vs-shmat") { ... }`: a question with exactly one correct choice.
public struct SingleChoice: SetPart {
    public let setAttributes: [SetAttribute]
    public init(
        _ id: String, file: StaticString = #fileID, line: UInt = #line, @ProblemBuilder _ body: () -> [ProblemAttribute]
    ) {
        setAttributes = [ProblemAssembler(id, .singleChoice, body(), SourceLocation(file, line)).declaration]
    }
    /// The parameterised form: `{ params in let n = params.int("n", in: 2...5) ... }`.
    public init(
        _ id: String, file: StaticString = #fileID, line: UInt = #line,
        @ProblemBuilder _ body: @escaping @Sendable (Parameters) -> [ProblemAttribute]
    ) {
        setAttributes = [ProblemTemplate.declare(id, .singleChoice, SourceLocation(file, line), body)]
    }
}

/// `MultipleSelect("threads/shared-state") { ... }`: every correct choice, and no other, must be picked.
public struct MultipleSelect: SetPart {
    public let setAttributes: [SetAttribute]
    public init(
        _ id: String, file: StaticString = #fileID, line: UInt = #line, @ProblemBuilder _ body: () -> [ProblemAttribute]
    ) {
        setAttributes = [ProblemAssembler(id, .multipleSelect, body(), SourceLocation(file, line)).declaration]
    }
    /// The parameterised form: `{ params in let n = params.int("n", in: 2...5) ... }`.
    public init(
        _ id: String, file: StaticString = #fileID, line: UInt = #line,
        @ProblemBuilder _ body: @escaping @Sendable (Parameters) -> [ProblemAttribute]
    ) {
        setAttributes = [ProblemTemplate.declare(id, .multipleSelect, SourceLocation(file, line), body)]
    }
}

/// `TrueFalse("ipc/cow-copies-code") { ... Answer(false) }`.
public struct TrueFalse: SetPart {
    public let setAttributes: [SetAttribute]
    public init(
        _ id: String, file: StaticString = #fileID, line: UInt = #line, @ProblemBuilder _ body: () -> [ProblemAttribute]
    ) {
        setAttributes = [ProblemAssembler(id, .trueFalse, body(), SourceLocation(file, line)).declaration]
    }
    /// The parameterised form: `{ params in let n = params.int("n", in: 2...5) ... }`.
    public init(
        _ id: String, file: StaticString = #fileID, line: UInt = #line,
        @ProblemBuilder _ body: @escaping @Sendable (Parameters) -> [ProblemAttribute]
    ) {
        setAttributes = [ProblemTemplate.declare(id, .trueFalse, SourceLocation(file, line), body)]
    }
}

/// `Numeric("ipc/fork-count") { ... Answer(8) }`.
public struct Numeric: SetPart {
    public let setAttributes: [SetAttribute]
    public init(
        _ id: String, file: StaticString = #fileID, line: UInt = #line, @ProblemBuilder _ body: () -> [ProblemAttribute]
    ) {
        setAttributes = [ProblemAssembler(id, .numeric, body(), SourceLocation(file, line)).declaration]
    }
    /// The parameterised form: `{ params in let n = params.int("n", in: 2...5) ... }`.
    public init(
        _ id: String, file: StaticString = #fileID, line: UInt = #line,
        @ProblemBuilder _ body: @escaping @Sendable (Parameters) -> [ProblemAttribute]
    ) {
        setAttributes = [ProblemTemplate.declare(id, .numeric, SourceLocation(file, line), body)]
    }
}

/// `ShortText("ipc/attach-call") { ... Accept("shmat") }`.
public struct ShortText: SetPart {
    public let setAttributes: [SetAttribute]
    public init(
        _ id: String, file: StaticString = #fileID, line: UInt = #line, @ProblemBuilder _ body: () -> [ProblemAttribute]
    ) {
        setAttributes = [ProblemAssembler(id, .shortText, body(), SourceLocation(file, line)).declaration]
    }
    /// The parameterised form: `{ params in let n = params.int("n", in: 2...5) ... }`.
    public init(
        _ id: String, file: StaticString = #fileID, line: UInt = #line,
        @ProblemBuilder _ body: @escaping @Sendable (Parameters) -> [ProblemAttribute]
    ) {
        setAttributes = [ProblemTemplate.declare(id, .shortText, SourceLocation(file, line), body)]
    }
}

/// `CodingProblem("threads/counter") { ... }`: a C task with starter, reference, tests and mutants.
public struct CodingProblem: SetPart {
    public let setAttributes: [SetAttribute]
    public init(
        _ id: String, file: StaticString = #fileID, line: UInt = #line, @ProblemBuilder _ body: () -> [ProblemAttribute]
    ) {
        setAttributes = [ProblemAssembler(id, .coding, body(), SourceLocation(file, line)).declaration]
    }
    /// The parameterised form: `{ params in let n = params.int("n", in: 2...5) ... }`.
    public init(
        _ id: String, file: StaticString = #fileID, line: UInt = #line,
        @ProblemBuilder _ body: @escaping @Sendable (Parameters) -> [ProblemAttribute]
    ) {
        setAttributes = [ProblemTemplate.declare(id, .coding, SourceLocation(file, line), body)]
    }
}
