/// What one assignment's push found and did: whose grade changed, whose stayed, and who could not be matched.
public struct CanvasPush: Sendable, Codable, Equatable {
    /// One student's grade that differs from what Canvas holds.
    public struct Change: Sendable, Codable, Equatable {
        public var student: String
        public var sisUserID: String
        /// What Canvas held before; `nil` for ungraded.
        public var from: Double?
        public var to: Double
    }

    public var set: String
    public var assignment: String
    public var changes: [Change]
    /// How many students' grades Canvas already holds.
    public var unchanged: Int
    /// Students with no SIS user id, whom Canvas cannot be asked about.
    public var withoutSISID: [String]
    /// Students whose SIS user id Canvas does not list for the assignment.
    public var notInCanvas: [String]
    /// Canvas's job that applied the changes; `nil` when nothing was sent (a dry run, or no change).
    public var progressID: Int?
}
