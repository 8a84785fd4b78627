import PsetStore

/// One person of a roster file: a student or a TA, with the ids the LMS knows them by.
public struct RosterEntry: Sendable, Codable, Equatable {
    public var id: String
    public var name: String
    public var email: String
    public var section: String
    public var role: Person.Role
    /// The SIS and LMS ids: `nil` keeps a known person's stored id, the empty string clears it.
    public var sisUserID: String?
    public var sisLoginID: String?
    public var lmsID: String?

    public init(
        id: String, name: String, email: String = "", section: String = "", role: Person.Role = .student,
        sisUserID: String? = nil, sisLoginID: String? = nil, lmsID: String? = nil
    ) {
        self.id = id
        self.name = name
        self.email = email
        self.section = section
        self.role = role
        self.sisUserID = sisUserID
        self.sisLoginID = sisLoginID
        self.lmsID = lmsID
    }
}
