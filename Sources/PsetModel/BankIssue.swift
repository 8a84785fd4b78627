/// Something wrong in the problem bank, located precisely enough to fix.
public struct BankIssue: Sendable, Hashable, CustomStringConvertible {
    public var location: SourceLocation
    /// The problem (or, for set-level issues, the set) the issue is about.
    public var subject: String
    public var message: String

    public init(_ location: SourceLocation, problemID: String, _ message: String) {
        self.location = location
        self.subject = problemID
        self.message = message
    }

    public init(_ location: SourceLocation, setID: String, _ message: String) {
        self.location = location
        self.subject = "set \(setID)"
        self.message = message
    }

    public var description: String { "\(location): \(subject): \(message)" }
}

/// The bank failed validation; the description lists every issue, one per line.
public struct BankValidationError: Error, CustomStringConvertible {
    public var issues: [BankIssue]

    public var description: String {
        "the problem bank has \(issues.count) issue(s):\n" + issues.map(\.description).joined(separator: "\n")
    }
}
