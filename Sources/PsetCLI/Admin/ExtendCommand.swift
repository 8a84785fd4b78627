import ArgumentParser
import Foundation
import PsetService

extension Pset.Admin {
    struct Extend: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Give a student a later due date for a set.",
            discussion:
                "UNTIL is an ISO 8601 time (2026-12-01T17:00:00Z) or a date (2026-12-01: the end of that day, here).")

        @Argument(help: "The student's id.")
        var student: String

        @Argument(help: "The set's id, such as ipc.")
        var set: String

        @Argument(help: "The new due date.")
        var until: String

        @OptionGroup var admin: AdminOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let grant = try await admin.backend().grantExtension(
                ExtensionGrant(student: student, set: set, until: try Self.date(until)))
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
