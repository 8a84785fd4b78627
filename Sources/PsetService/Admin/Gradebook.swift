import Foundation
import PsetModel
import PsetStore

/// Every student's scores, per set and per problem: what `pset admin export` writes in each format.
public struct Gradebook: Sendable, Codable, Equatable {
    /// A set as the export describes it.
    public struct SetInfo: Sendable, Codable, Equatable {
        public var id: String
        public var title: String
        public var points: Double
        public var weight: Double
        public var due: Date?
        public var canvasAssignmentID: String?
    }

    /// One problem's standing for one student.
    public struct ProblemScore: Sendable, Codable, Equatable {
        public var id: String
        public var title: String
        public var kind: Problem.Kind
        public var points: Double
        public var attempts: Int
        public var score: Double
        /// Every attempt: what the student answered, in the keys they saw, on the variant they saw.
        public var answers: [Answer]
    }

    /// One attempt as the export records it.
    public struct Answer: Sendable, Codable, Equatable {
        public var attempt: Int
        /// The answer in the student's own keys; `nil` for a coding submission.
        public var response: String?
        /// The variant the attempt was made on; `nil` for the problem as declared.
        public var variant: Variant?
    }

    /// One set's standing for one student.
    public struct SetScore: Sendable, Codable, Equatable {
        public var id: String
        public var score: Double
        public var points: Double
        public var problems: [ProblemScore]
    }

    /// One student's row.
    public struct Student: Sendable, Codable, Equatable {
        public var id: String
        public var name: String
        public var email: String
        public var section: String
        public var sisUserID: String?
        public var sisLoginID: String?
        public var lmsID: String?
        public var sets: [SetScore]
        public var score: Double
        public var points: Double
        /// Each set's share of its points, weighted by the set's weight.
        public var percent: Double
    }

    public var sets: [SetInfo]
    public var students: [Student]
}
