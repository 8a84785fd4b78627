import Foundation
import PsetModel

/// What `pset admin variant` prints: one student's variant of a problem, with the answer and the bank's keys a
/// TA needs to read that student's attempts.
public struct VariantView: Sendable, Codable, Equatable {
    /// A choice as the student saw it, with its key in the bank.
    public struct Choice: Sendable, Codable, Equatable {
        /// The key the student saw and answers with.
        public var key: String
        public var text: String
        /// The choice's key in the bank's declaration.
        public var bankKey: String
        public var correct: Bool
    }

    /// A test of a coding task as this student's submissions run it.
    public struct Test: Sendable, Codable, Equatable {
        public var name: String
        public var hidden: Bool
        public var arguments: [String]
    }

    /// One of the student's attempts and the variant it was made on.
    public struct AttemptRecord: Sendable, Codable, Equatable {
        public var attempt: Int
        public var at: Date
        /// The answer in the student's own keys; `nil` for a coding submission.
        public var response: String?
        /// For a choice question, the same answer in the bank's keys.
        public var bankResponse: String?
        public var score: Double?
        /// The variant the attempt was made on; `nil` for the problem as declared.
        public var variant: Variant?
    }

    public var id: String
    public var student: String
    public var title: String
    public var kind: Problem.Kind
    public var format: String?
    public var prompt: String
    /// The variant shown below: the one the student's latest attempt was made on, else the one they will get.
    public var variant: Variant
    public var choices: [Choice]?
    public var answer: AnswerKey?
    public var explanation: String?
    public var tests: [Test]?
    public var attempts: [AttemptRecord]
}
