import PsetCourse
import PsetModel
import PsetStore

/// A batch of grades a push sent to Canvas, as `pset admin push canvas` reports it to the service.
public struct CanvasPushReport: Sendable, Codable, Equatable {
    public var pushes: [CanvasPushRecord]

    public init(pushes: [CanvasPushRecord]) { self.pushes = pushes }
}

/// How many pushed grades were recorded.
public struct CanvasPushRecorded: Sendable, Codable, Equatable {
    public var recorded: Int
}

extension CourseAdmin {
    /// Records what a push sent to Canvas, after checking every student and set is the course's: all or none.
    public func recordCanvasPushes(_ report: CanvasPushReport) throws -> CanvasPushRecorded {
        let students = Set(try course.database.people().filter { $0.role == .student }.map(\.id))
        for push in report.pushes {
            guard students.contains(push.student) else { throw AdminError.unknownPerson(push.student) }
            guard course.bank.set(push.set) != nil else {
                throw AdminError.unknownSet(push.set, known: course.bank.sets.map(\.id))
            }
        }
        try course.database.recordCanvasPushes(report.pushes, at: course.now)
        return CanvasPushRecorded(recorded: report.pushes.count)
    }
}
