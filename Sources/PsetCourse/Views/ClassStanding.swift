import PsetStore

/// One student's line of the TA's gradebook: their scores per set and in total, and where they were late.
public struct ClassStanding: Sendable, Equatable {
    public var person: Person
    public var grades: GradeReport
    /// The sets in which the student handed something in after the due date in force for them.
    public var lateSets: Set<String>
}
