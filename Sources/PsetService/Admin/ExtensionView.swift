import Foundation

/// One extension as `pset admin extensions` lists it: whose, for which set, until when, and the set's own due date.
public struct ExtensionView: Sendable, Codable, Equatable {
    public var student: String
    public var set: String
    public var until: Date
    public var grantedAt: Date
    /// The set's own due date, which applies again if the extension is revoked.
    public var due: Date?
}

/// A revoked extension: whose, for which set, whether there was one, and the due date in force now.
public struct ExtensionRevocation: Sendable, Codable, Equatable {
    public var student: String
    public var set: String
    public var revoked: Bool
    public var due: Date?
}
