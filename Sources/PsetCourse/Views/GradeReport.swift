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
    }

    public var student: String
    public var sets: [SetGrade]
    public var score: Double
    public var points: Double
    /// The weighted percentage: each set's share of its points, weighted by the set's weight.
    public var percent: Double
}
