import ArgumentParser
import Foundation
import PsetService

extension Pset.Admin {
    struct Extend: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Give a student a later due date for a set, or take it back with --revoke.",
            discussion:
                "UNTIL is an ISO 8601 time (2026-12-01T17:00:00Z) or a date (2026-12-01: the end of that day, here). "
                + "It must be later than the set's own due date unless --force is given. The late marks and scores "
                + "of the student's work in the set follow the due date in force: granting or revoking an extension "
                + "changes them.")

        @Argument(help: "The student's id.")
        var student: String

        @Argument(help: "The set's id, such as ipc.")
        var set: String

        @Argument(help: "The new due date (not with --revoke).")
        var until: String?

        @Flag(help: "Grant a date no later than the set's own due date too.")
        var force = false

        @Flag(help: "Take the student's extension for the set away; the set's own due date applies again.")
        var revoke = false

        @OptionGroup var admin: AdminOptions
        @OptionGroup var output: OutputOptions

        func validate() throws {
            if revoke, until != nil {
                throw ValidationError("--revoke takes no date: pset admin extend --revoke STUDENT SET")
            }
            if revoke, force { throw ValidationError("--force is for granting, not with --revoke") }
            if !revoke, until == nil {
                throw ValidationError("missing the new due date: pset admin extend STUDENT SET UNTIL")
            }
        }

        func run() async throws {
            let backend = try admin.backend()
            guard let until else {
                let revocation = try await backend.revokeExtension(of: student, for: set)
                try output.emit(revocation) { revocation, _ in
                    guard revocation.revoked else {
                        return "\(revocation.student) had no extension for \(revocation.set); nothing to revoke."
                    }
                    return "Revoked \(revocation.student)'s extension for \(revocation.set); "
                        + (revocation.due.map { "it is due \($0.formatted(.iso8601)) again." } ?? "it has no due date.")
                }
                return
            }
            let grant = try await backend.grantExtension(
                ExtensionGrant(student: student, set: set, until: try Self.date(until), force: force ? true : nil))
            try output.emit(grant) { grant, _ in
                "\(grant.student) may hand in \(grant.set) until \(grant.until.formatted(.iso8601))."
            }
        }

        /// A full ISO 8601 time, or a calendar date meaning the last second of that day in the local time zone.
        static func date(_ text: String) throws -> Date {
            if let date = try? Date(text, strategy: .iso8601) { return date }
            let parts = text.split(separator: "-").compactMap { Int($0) }
            if parts.count == 3,
                let date = Calendar.current.date(
                    from: DateComponents(
                        year: parts[0], month: parts[1], day: parts[2], hour: 23, minute: 59, second: 59))
            {
                return date
            }
            throw ValidationError("'\(text)' is not a date; write 2026-12-01 or 2026-12-01T17:00:00Z")
        }
    }
}
