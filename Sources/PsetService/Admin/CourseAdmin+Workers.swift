import Foundation
import PsetCourse
import PsetStore

/// A grading host's new token, shown once.
public struct IssuedWorkerToken: Sendable, Codable, Equatable {
    public var name: String
    public var token: String

    public init(name: String, token: String) {
        self.name = name
        self.token = token
    }
}

/// Whether a grading host's token was revoked.
public struct WorkerTokenRevocation: Sendable, Codable, Equatable {
    public var name: String
    public var revoked: Bool

    public init(name: String, revoked: Bool) {
        self.name = name
        self.revoked = revoked
    }
}

extension CourseAdmin {
    /// Issues a token for a grading host (`pset worker --token`); only its hash is kept.
    public func addWorker(named name: String) throws -> IssuedWorkerToken {
        guard Self.isWorkerName(name) else { throw AdminError.invalidWorkerName(name) }
        let token = AccessToken.generate()
        guard try course.database.addWorkerToken(named: name, hash: AccessToken.hash(token), at: course.now) else {
            throw AdminError.workerExists(name)
        }
        return IssuedWorkerToken(name: name, token: token)
    }

    /// Every grading host's token, by name, without the tokens.
    public func workers() throws -> [WorkerToken] {
        try course.database.workerTokens()
    }

    /// Takes a grading host's token away: it can claim no more jobs, and its leases run out.
    public func revokeWorker(named name: String) throws -> WorkerTokenRevocation {
        WorkerTokenRevocation(name: name, revoked: try course.database.revokeWorkerToken(named: name))
    }

    /// 1 to 64 ASCII letters, digits, `.`, `_` or `-`: a name that reads plainly in `pset admin queue`.
    static func isWorkerName(_ name: String) -> Bool {
        (1...64).contains(name.utf8.count)
            && name.unicodeScalars.allSatisfy {
                $0.isASCII && ($0.properties.isAlphabetic || "0123456789._-".unicodeScalars.contains($0))
            }
    }
}
