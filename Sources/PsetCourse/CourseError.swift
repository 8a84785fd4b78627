import PsetModel

/// A request the course cannot carry out, with a message the student can act on.
public enum CourseError: Error, Equatable, CustomStringConvertible {
    case unknownProblem(String, suggestion: String?)
    case notAQuestion(String)
    case notACodingTask(String)
    case invalidAnswer(String, AnswerError)
    case missingFile(problem: String, name: String)
    case unexpectedFile(problem: String, name: String, expected: [String])
    case duplicateFile(String)
    case invalidSeed(String)
    case noAttemptsLeft(problem: String, max: Int)
    case unknownPerson(String)
    /// No attempt at the problem, or none with this number.
    case noAttempt(problem: String, number: Int?)
    /// A stored submission still waiting for the grader.
    case notGradedYet(problem: String, number: Int)

    public var description: String {
        switch self {
        case .unknownProblem(let id, let suggestion):
            "unknown problem '\(Self.shown(id))'"
                + (suggestion.map { "; did you mean '\($0)'?" } ?? "; `pset problems` lists them")
        case .notAQuestion(let id):
            "\(id) is a coding task: submit files with `pset submit \(id) FILE...`"
        case .notACodingTask(let id):
            "\(id) is a question: answer it with `pset answer \(id) VALUE...`"
        case .invalidAnswer(let id, let error):
            "not an answer to \(id): \(error); nothing was recorded"
        case .missingFile(let problem, let name):
            "\(problem) needs a file named \(name); nothing was recorded"
        case .unexpectedFile(let problem, let name, let expected):
            "\(problem) takes \(expected.joined(separator: ", ")), not \(Self.shown(name)); nothing was recorded"
        case .duplicateFile(let name):
            "\(Self.shown(name)) is given twice; nothing was recorded"
        case .invalidSeed(let seed):
            "'\(Self.shown(seed))' is not a schedule seed (they look like s1-0123456789abcdef); nothing was recorded"
        case .noAttemptsLeft(let problem, let max):
            "no attempts left at \(problem): it allows \(max)"
        case .unknownPerson(let id):
            "unknown person '\(Self.shown(id))'"
        case .noAttempt(let problem, nil):
            "no attempt at \(problem) yet"
        case .noAttempt(let problem, let number?):
            "no attempt \(number) at \(problem): `pset history \(problem)` lists them"
        case .notGradedYet(let problem, let number):
            "attempt \(number) at \(problem) is stored and waits to be graded; "
                + "`pset feedback \(problem) --attempt \(number)` shows it once it is"
        }
    }

    /// A name the caller gave, cut short enough for a one-line message: a name can be as long as a request.
    static func shown(_ text: String) -> String {
        let limit = 80
        let scalars = text.unicodeScalars
        guard scalars.count > limit else { return text }
        return String(String.UnicodeScalarView(scalars.prefix(limit))) + "…"
    }
}
