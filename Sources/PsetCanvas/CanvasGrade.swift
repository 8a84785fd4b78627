/// One student's grade for one Canvas assignment, as Pset's gradebook has it.
public struct CanvasGrade: Sendable, Equatable {
    public var student: String
    public var sisUserID: String?
    /// The score in points.
    public var score: Double

    public init(student: String, sisUserID: String?, score: Double) {
        self.student = student
        self.sisUserID = sisUserID
        self.score = score
    }
}
