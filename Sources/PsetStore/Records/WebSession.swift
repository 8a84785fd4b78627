import Foundation
import GRDB

/// A browser signed in to the web pages: the hash of its session id, whose it is, and until when.
public struct WebSession: Sendable, Equatable, Codable {
    /// Lowercase hex SHA-256 of the session id the cookie carries; the id itself is never stored.
    public var idHash: String
    public var personID: String
    /// The hash of the token the person signed in with; the session ends when that token is rotated or revoked.
    public var tokenHash: String
    /// The value every form of this session posts back, so another site cannot post in the person's name.
    public var csrfToken: String
    public var createdAt: Date
    public var expiresAt: Date

    public init(
        idHash: String, personID: String, tokenHash: String, csrfToken: String, createdAt: Date, expiresAt: Date
    ) {
        self.idHash = idHash
        self.personID = personID
        self.tokenHash = tokenHash
        self.csrfToken = csrfToken
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }

    enum CodingKeys: String, CodingKey {
        case idHash = "id_hash"
        case personID = "person_id"
        case tokenHash = "token_hash"
        case csrfToken = "csrf_token"
        case createdAt = "created_at"
        case expiresAt = "expires_at"
    }
}

extension WebSession: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "web_session"
}
