import PsetModel

/// The stored result of one attempt, as `pset submit` or `pset answer` printed it, with what was handed in.
///
/// Its JSON is that result's own fields, plus `files` for a submission or `response` for an answer.
public struct AttemptFeedback: Sendable, Codable, Equatable {
    /// A coding submission's result; nil for an answer.
    public var submission: SubmitResult?
    /// An answer's result; nil for a submission.
    public var answer: AnswerResult?
    /// The submitted files, in the order they were handed in.
    public var files: [SourceFile]
    /// The answer as recorded (choice keys, a number, true/false or text).
    public var response: String?

    public init(submission: SubmitResult, files: [SourceFile]) {
        self.submission = submission
        self.files = files
    }

    public init(answer: AnswerResult, response: String?) {
        self.answer = answer
        self.files = []
        self.response = response
    }

    enum CodingKeys: String, CodingKey {
        case files, response, verdict
    }

    public func encode(to encoder: any Encoder) throws {
        try submission?.encode(to: encoder)
        try answer?.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        if submission != nil { try container.encode(files, forKey: .files) }
        try container.encodeIfPresent(response, forKey: .response)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if container.contains(.verdict) {
            submission = try SubmitResult(from: decoder)
            files = try container.decode([SourceFile].self, forKey: .files)
        } else {
            answer = try AnswerResult(from: decoder)
            files = []
            response = try container.decodeIfPresent(String.self, forKey: .response)
        }
    }
}
