import Foundation

/// A staff request that cannot be carried out, with a message the TA can act on.
public enum AdminError: Error, Equatable, CustomStringConvertible {
    case unknownPerson(String)
    case unknownSet(String, known: [String])
    case notAStudent(String)
    case notAfterDue(set: String, due: Date)
    case invalidWorkerName(String)
    case workerExists(String)

    public var description: String {
        switch self {
        case .unknownPerson(let id): "unknown person '\(id)'; import them with `pset admin roster import`"
        case .unknownSet(let id, let known): "unknown set '\(id)'; the sets are \(known.joined(separator: ", "))"
        case .notAStudent(let id): "\(id) is a TA, not a student"
        case .notAfterDue(let set, let due):
            "\(set) is due \(due.formatted(.iso8601)); an extension must end later (--force grants it anyway)"
        case .invalidWorkerName(let name):
            "'\(name.prefix(80))' is not a worker name: use 1 to 64 letters, digits, '.', '_' or '-'"
        case .workerExists(let name):
            "worker \(name) already has a token; revoke it first (`pset admin worker revoke \(name)`)"
        }
    }
}
