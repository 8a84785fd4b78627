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
