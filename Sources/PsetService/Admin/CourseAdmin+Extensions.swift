import Foundation
import PsetCourse
import PsetModel
import PsetStore

extension CourseAdmin {
    /// The extensions granted, each with the set's own due date; optionally one set's or one student's only.
    public func extensions(set setID: String? = nil, student: String? = nil) throws -> [ExtensionView] {
        if let setID { _ = try problemSet(setID) }
        if let student, try course.database.person(student) == nil { throw AdminError.unknownPerson(student) }
        return try course.database.extensions(personID: student, setID: setID).map { grant in
            ExtensionView(
                student: grant.personID, set: grant.setID, until: grant.until, grantedAt: grant.grantedAt,
                due: course.bank.set(grant.setID)?.due)
        }
    }

    /// Takes a student's extension for a set away: the set's own due date applies again, and the late marks and
    /// scores of the work they handed in follow it.
    public func revokeExtension(of student: String, for setID: String) throws -> ExtensionRevocation {
        guard try course.database.person(student) != nil else { throw AdminError.unknownPerson(student) }
        let set = try problemSet(setID)
        let revoked = try course.database.revokeExtension(personID: student, setID: set.id)
        return ExtensionRevocation(student: student, set: set.id, revoked: revoked, due: set.due)
    }

    /// The bank's set with this id, or an error listing the sets.
    func problemSet(_ id: String) throws -> ProblemSet {
        guard let set = course.bank.set(id) else { throw AdminError.unknownSet(id, known: course.bank.sets.map(\.id)) }
        return set
    }
}
