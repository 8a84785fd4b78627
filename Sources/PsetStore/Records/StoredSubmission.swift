import Foundation

/// A coding submission as it was stored: its attempt and its files, in the order they were submitted.
public struct StoredSubmission: Sendable, Equatable {
    public var attempt: Attempt
    public var files: [SubmissionFile]

    public init(attempt: Attempt, files: [SubmissionFile]) {
        self.attempt = attempt
        self.files = files
    }
}
