import Foundation
import PsetCourse
import PsetStore

extension CourseAdmin {
    /// The course's people, by id; optionally only students or only TAs.
    public func people(role: Person.Role? = nil) throws -> [PersonView] {
        try course.database.people().filter { role == nil || $0.role == role }.map {
            PersonView($0, token: try course.database.hasToken($0.id))
        }
    }

    /// One student: who they are, their extensions and grades, and each problem's attempts, score and latest
    /// attempt.
    public func student(_ id: String) throws -> StudentRecord {
        guard let person = try course.database.person(id) else { throw AdminError.unknownPerson(id) }
        guard person.role == .student else { throw AdminError.notAStudent(id) }
        let latest = Dictionary(
            try course.history(for: id).map { ($0.id, $0) }, uniquingKeysWith: { _, newer in newer })
        return StudentRecord(
            person: PersonView(person, token: try course.database.hasToken(id)),
            extensions: try extensions(student: id), grades: try course.grades(for: id),
            problems: try course.problems(for: id).map { summary in
                StudentRecord.Standing(
                    id: summary.id, set: summary.set, title: summary.title, kind: summary.kind, points: summary.points,
                    attempts: summary.attempts, score: summary.score, latest: latest[summary.id])
            })
    }
}
