import Foundation

/// What `pset grades` prints: a student's scores per set and in total.
public struct GradeReport: Sendable, Codable, Equatable {
    public struct SetGrade: Sendable, Codable, Equatable {
        public var id: String
        public var title: String
        public var score: Double
        public var points: Double
        public var weight: Double
        public var attempted: Int
        public var problems: Int
        /// The due date in force for this student (their extension, else the set's), when there is one.
        public var due: Date?
        /// What handing in after the due date costs.
        public var lateRule: LateRule
    }

    public var student: String
    public var sets: [SetGrade]
    public var score: Double
    public var points: Double
    /// The weighted percentage: each set's share of its points, weighted by the set's weight.
    public var percent: Double
}
