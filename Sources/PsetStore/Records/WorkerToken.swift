import Foundation
import GRDB

/// A grading host's token as `pset admin worker list` shows it: the name it was given and when (never the token).
public struct WorkerToken: Sendable, Equatable, Codable {
    public var name: String
    public var createdAt: Date

    public init(name: String, createdAt: Date) {
        self.name = name
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case name
        case createdAt = "created_at"
    }
}

extension WorkerToken: FetchableRecord {}
