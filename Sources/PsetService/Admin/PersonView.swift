import Foundation
import PsetStore

/// One person as `pset admin people` lists them: who they are, the ids the LMS knows them by, and whether they
/// have a token.
public struct PersonView: Sendable, Codable, Equatable {
    public var id: String
    public var name: String
    public var email: String
    public var section: String
    public var role: Person.Role
    public var sisUserID: String?
    public var sisLoginID: String?
    public var lmsID: String?
    /// Whether the person has a token; without one they cannot use the service until a TA rotates it.
    public var token: Bool

    init(_ person: Person, token: Bool) {
        id = person.id
        name = person.name
        email = person.email
        section = person.section
        role = person.role
        sisUserID = person.sisUserID
        sisLoginID = person.sisLoginID
        lmsID = person.lmsID
        self.token = token
    }
}
