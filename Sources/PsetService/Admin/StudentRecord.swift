import Foundation
import PsetCourse
import PsetModel

/// What `pset admin student` prints: one student, their extensions, their grades, and where each problem stands.
public struct StudentRecord: Sendable, Codable, Equatable {
    /// One problem for this student: attempts, the score in force, and the latest attempt.
    public struct Standing: Sendable, Codable, Equatable {
        public var id: String
        public var set: String
        public var title: String
        public var kind: Problem.Kind
        public var points: Double
        public var attempts: Int
        public var score: Double
        /// The latest attempt: when, its verdict or correctness, and whether it was late.
        public var latest: HistoryEntry?
    }

    public var person: PersonView
    public var extensions: [ExtensionView]
    public var grades: GradeReport
    public var problems: [Standing]
}
