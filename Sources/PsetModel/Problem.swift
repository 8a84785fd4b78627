/// One problem of a set: a conceptual question or a C coding task.
public struct Problem: Sendable, Identifiable {
    /// `set/slug`, for example `ipc/shm-attach`.
    public var id: String
    public var title: String
    public var prompt: String
    public var points: Double
    public var topics: [Topic]
    public var content: Content
    /// Rules set on the problem itself; unset ones come from its set, then from the defaults for its kind.
    public var policyOverrides: PolicyOverrides
    public var location: SourceLocation
    /// The declaration of a parameterised problem, run again for each variant; `nil` for a fixed problem.
    public var template: ProblemTemplate?

    public enum Content: Sendable {
        case question(Question)
        case code(CodingTask)
    }

    /// `question` or `code`, as in the CLI contract.
    public enum Kind: String, Codable, Sendable {
        case question
        case code
    }

    public var kind: Kind {
        switch content {
        case .question: .question
        case .code: .code
        }
    }

    public var question: Question? {
        if case .question(let question) = content { question } else { nil }
    }

    public var codingTask: CodingTask? {
        if case .code(let task) = content { task } else { nil }
    }

    /// The set part of the id: `ipc` for `ipc/shm-attach`.
    public var setID: String { String(id.prefix { $0 != "/" }) }
}

/// Policy settings a set or problem may choose; `nil` means "inherit".
public struct PolicyOverrides: Sendable, Equatable {
    public var reveal: RevealPolicy?
    public var scoring: ScoringPolicy?
    public var maxAttempts: Int?

    public init(reveal: RevealPolicy? = nil, scoring: ScoringPolicy? = nil, maxAttempts: Int? = nil) {
        self.reveal = reveal
        self.scoring = scoring
        self.maxAttempts = maxAttempts
    }

    /// These settings, with the unset ones taken from `fallback`.
    public func applied(over fallback: ProblemPolicy) -> ProblemPolicy {
        ProblemPolicy(
            reveal: reveal ?? fallback.reveal,
            scoring: scoring ?? fallback.scoring,
            maxAttempts: maxAttempts ?? fallback.maxAttempts
        )
    }
}

extension ProblemPolicy {
    /// The defaults: questions reveal after the first attempt and score the first; coding tasks
    /// score the best submission and show hidden-test details after the due date.
    public static func defaults(for kind: Problem.Kind) -> ProblemPolicy {
        switch kind {
        case .question: ProblemPolicy(reveal: .afterFirstAttempt, scoring: .first)
        case .code: ProblemPolicy(reveal: .afterDue, scoring: .best)
        }
    }
}
