import PsetModel

/// Brings Canvas's grades of a course's assignments in line with Pset's gradebook.
///
/// Per assignment it reads what Canvas holds, compares by SIS user id, and sends the differences in one bulk
/// `update_grades` request, then waits for Canvas's job to complete: a TA sees exactly what changed, and a
/// grade Canvas already holds is never sent again (Canvas would log it as a new grading event).
public struct CanvasPusher: Sendable {
    let client: CanvasClient
    let course: String

    public init(client: CanvasClient, course: String) {
        self.client = client
        self.course = course
    }

    /// Compares one assignment's grades with Canvas's; with `send`, applies the differences.
    public func push(set: String, assignment: String, grades: [CanvasGrade], send: Bool) async throws -> CanvasPush {
        let current = try await client.submissions(course: course, assignment: assignment)
        var plan = Self.plan(set: set, assignment: assignment, grades: grades, canvas: current)
        guard send, !plan.changes.isEmpty else { return plan }
        var posted: [String: String] = [:]
        for change in plan.changes { posted[change.sisUserID] = Self.points(change.to) }
        let started = try await client.updateGrades(course: course, assignment: assignment, grades: posted)
        plan.progressID = try await client.waitForCompletion(of: started).id
        return plan
    }

    /// The differences between Pset's grades and Canvas's submissions, matched by SIS user id.
    static func plan(set: String, assignment: String, grades: [CanvasGrade], canvas: [CanvasSubmission])
        -> CanvasPush
    {
        var held: [String: Double?] = [:]
        for submission in canvas {
            if let sis = submission.user?.sisUserID, !sis.isEmpty { held[sis] = submission.score }
        }
        var push = CanvasPush(
            set: set, assignment: assignment, changes: [], unchanged: 0, withoutSISID: [], notInCanvas: [],
            progressID: nil)
        for grade in grades.sorted(by: { $0.student < $1.student }) {
            guard let sis = grade.sisUserID, !sis.isEmpty else {
                push.withoutSISID.append(grade.student)
                continue
            }
            guard let score = held[sis] else {
                push.notInCanvas.append(grade.student)
                continue
            }
            let wanted = Double(points(grade.score)) ?? grade.score
            if let score, abs(score - wanted) < 0.005 {
                push.unchanged += 1
            } else {
                push.changes.append(.init(student: grade.student, sisUserID: sis, from: score, to: wanted))
            }
        }
        return push
    }

    /// Points as Canvas's `posted_grade` takes them: at most two decimals, no trailing zeros.
    public static func points(_ value: Double) -> String { value.pointsText }
}
