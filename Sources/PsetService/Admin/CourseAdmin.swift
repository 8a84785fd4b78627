import Foundation
import PsetCourse
import PsetModel
import PsetStore

/// What TAs do to a course: import the roster, manage tokens, grant extensions, export and regrade.
///
/// `pset admin` calls it directly on the database, and the service calls it for a TA's HTTP request,
/// so both behave alike.
public struct CourseAdmin: Sendable {
    public let course: Course

    public init(course: Course) {
        self.course = course
    }

    /// Adds the roster's new people with a fresh token each, and updates the details of known ones.
    ///
    /// The whole roster is checked first and written in one transaction: a roster with one bad entry
    /// imports nobody. A known person's SIS and LMS ids the roster does not carry are kept; those it gives as
    /// empty are cleared, and the result says which.
    public func importRoster(_ entries: [RosterEntry]) throws -> RosterImportResult {
        try RosterEntry.validate(entries) { "person \($0 + 1)" }
        let date = course.now
        let fields: [(name: String, entry: KeyPath<RosterEntry, String?>, person: KeyPath<Person, String?>)] = [
            ("sis_user_id", \.sisUserID, \.sisUserID), ("sis_login_id", \.sisLoginID, \.sisLoginID),
            ("lms_id", \.lmsID, \.lmsID),
        ]
        let known = Dictionary(uniqueKeysWithValues: try course.database.people().map { ($0.id, $0) })
        let cleared = entries.flatMap { entry in
            fields.filter { entry[keyPath: $0.entry] == "" && known[entry.id]?[keyPath: $0.person] != nil }
                .map { RosterImportResult.Cleared(id: entry.id, field: $0.name) }
        }
        let people = entries.map { entry in
            (
                person: Person(
                    id: entry.id, name: entry.name, email: entry.email, section: entry.section, role: entry.role,
                    sisUserID: entry.sisUserID, sisLoginID: entry.sisLoginID, lmsID: entry.lmsID, createdAt: date),
                token: AccessToken.generate()
            )
        }
        let added = try course.database.savePeople(
            people.map { ($0.person, AccessToken.hash($0.token)) }, at: date)
        let updatesSomeone = added.count < people.count
        return RosterImportResult(
            created: people.filter { added.contains($0.person.id) }.map {
                IssuedToken(id: $0.person.id, name: $0.person.name, role: $0.person.role, token: $0.token)
            },
            updated: people.map(\.person.id).filter { !added.contains($0) },
            kept: updatesSomeone
                ? fields.filter { field in entries.allSatisfy { $0[keyPath: field.entry] == nil } }.map(\.name) : [],
            cleared: cleared)
    }

    /// Gives a person a new token; the old one stops working at once.
    public func rotateToken(of id: String) throws -> IssuedToken {
        guard let person = try course.database.person(id) else { throw AdminError.unknownPerson(id) }
        return try issueToken(to: person)
    }

    /// Takes a person's token away, so nobody can act as them until a TA rotates it.
    public func revokeToken(of id: String) throws -> TokenRevocation {
        guard try course.database.person(id) != nil else { throw AdminError.unknownPerson(id) }
        return TokenRevocation(id: id, revoked: try course.database.revokeToken(of: id))
    }

    /// Grants a student a later due date for a set, replacing any earlier grant; a date no later than the set's
    /// own due date is refused unless the grant forces it.
    public func grantExtension(_ grant: ExtensionGrant) throws -> ExtensionGrant {
        guard let person = try course.database.person(grant.student) else {
            throw AdminError.unknownPerson(grant.student)
        }
        guard person.role == .student else { throw AdminError.notAStudent(grant.student) }
        let set = try problemSet(grant.set)
        if let due = set.due, grant.until <= due, grant.force != true {
            throw AdminError.notAfterDue(set: set.id, due: due)
        }
        try course.database.grantExtension(
            personID: grant.student, setID: grant.set, until: grant.until, at: course.now)
        return grant
    }

    /// Every student's scores, for all sets or one.
    public func gradebook(set setID: String? = nil) throws -> Gradebook {
        var sets = course.bank.sets
        if let setID { sets = [try problemSet(setID)] }
        let students = try course.database.people().filter { $0.role == .student }
        let rows = try students.map { person in
            let summaries = Dictionary(grouping: try course.problems(for: person.id), by: \.set)
            let made = Dictionary(grouping: try course.database.attempts(of: person.id), by: \.attempt.problemID)
            let setScores = sets.map { set in
                let problems = (summaries[set.id] ?? []).map {
                    Gradebook.ProblemScore(
                        id: $0.id, title: $0.title, kind: $0.kind, points: $0.points, attempts: $0.attempts,
                        score: $0.score,
                        answers: (made[$0.id] ?? []).map {
                            Gradebook.Answer(
                                attempt: $0.attempt.number, response: $0.attempt.response, variant: $0.attempt.variant)
                        })
                }
                return Gradebook.SetScore(
                    id: set.id, score: problems.reduce(0) { $0 + $1.score }, points: set.points, problems: problems)
            }
            let graded = zip(sets, setScores).filter { $0.0.points > 0 }
            let weights = graded.reduce(0) { $0 + $1.0.weight }
            let weighted = graded.reduce(0) { $0 + $1.0.weight * $1.1.score / $1.0.points }
            return Gradebook.Student(
                id: person.id, name: person.name, email: person.email, section: person.section,
                sisUserID: person.sisUserID, sisLoginID: person.sisLoginID, lmsID: person.lmsID, sets: setScores,
                score: setScores.reduce(0) { $0 + $1.score }, points: sets.reduce(0) { $0 + $1.points },
                percent: weights > 0 ? 100 * weighted / weights : 0)
        }
        let infos = sets.map {
            Gradebook.SetInfo(
                id: $0.id, title: $0.title, points: $0.points, weight: $0.weight, due: $0.due,
                canvasAssignmentID: $0.canvasAssignmentID)
        }
        return Gradebook(sets: infos, students: rows)
    }

    /// One student's variant of a problem, with the answer and the bank's keys.
    public func variant(_ id: String, of student: String) throws -> VariantView {
        guard try course.database.person(student) != nil else { throw AdminError.unknownPerson(student) }
        return try course.variantView(id, of: student)
    }

    /// Grades every stored attempt at a problem again and reports whose score changed; `progress` hears of each.
    public func regrade(
        _ id: String, progress: @escaping @Sendable (RegradeProgress) -> Void = { _ in }
    ) async throws -> RegradeReport {
        try await course.regrade(id, progress: progress)
    }

    private func issueToken(to person: Person) throws -> IssuedToken {
        let token = AccessToken.generate()
        try course.database.setTokenHash(AccessToken.hash(token), for: person.id, at: course.now)
        return IssuedToken(id: person.id, name: person.name, role: person.role, token: token)
    }
}
