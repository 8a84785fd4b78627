import Foundation

extension ProblemSet {
    /// Declares a set: `ProblemSet("ipc") { Title("..."); Due("..."); SingleChoice(...) { ... } }`.
    public init(
        _ id: String, file: StaticString = #fileID, line: UInt = #line, @SetBuilder _ body: () -> [SetAttribute]
    ) {
        let location = SourceLocation(file, line)
        self.init(
            id: id, title: "", due: nil, weight: 1, latePolicy: .accept, canvasAssignmentID: nil,
            policyOverrides: PolicyOverrides(), problems: [], location: location, declarationIssues: []
        )
        for attribute in body() {
            switch attribute {
            case .title(let text): title = text
            case .due(let text):
                if let date = try? Date(text, strategy: .iso8601) {
                    due = date
                } else {
                    declarationIssues.append(
                        BankIssue(
                            location, setID: id, "Due(\"\(text)\") is not an ISO 8601 date such as 2026-12-04T23:59:00Z"
                        ))
                }
            case .weight(let value): weight = value
            case .late(let policy): latePolicy = policy
            case .canvasAssignment(let assignment): canvasAssignmentID = assignment
            case .reveal(let policy): policyOverrides.reveal = policy
            case .scoring(let policy): policyOverrides.scoring = policy
            case .maxAttempts(let count): policyOverrides.maxAttempts = count
            case .problem(let problem, let issues):
                problems.append(problem)
                declarationIssues += issues.map { BankIssue(problem.location, problemID: problem.id, $0) }
            }
        }
    }
}
