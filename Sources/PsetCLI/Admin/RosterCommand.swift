import ArgumentParser
import Foundation
import PsetService
import PsetStore

extension Pset.Admin {
    struct Roster: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Manage the course's people.", subcommands: [Import.self])

        struct Import: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Add or update students and TAs from a CSV; prints each new person's token once.",
                discussion:
                    "The header names at least id,name,email,section,role (student or ta), and optionally "
                    + "sis_user_id, sis_login_id and lms_id. Known people are updated and keep their token. An "
                    + "optional column the file lacks keeps the stored ids; an empty cell in one it has clears the id.")

            @Argument(help: "The roster CSV file.")
            var file: String

            @OptionGroup var admin: AdminOptions
            @OptionGroup var output: OutputOptions

            func run() async throws {
                guard let data = FileManager.default.contents(atPath: file) else {
                    throw ValidationError("cannot read \(file)")
                }
                let people = try RosterEntry.parse(csv: String(decoding: data, as: UTF8.self))
                let result = try await admin.backend().importRoster(people)
                try output.emit(result) { result, terminal in
                    var lines = [
                        "Added \(result.created.count) and updated \(result.updated.count) of \(people.count) people."
                    ]
                    if !result.kept.isEmpty {
                        lines.append(
                            "Kept the stored \(result.kept.joined(separator: ", ")): the file has no such column.")
                    }
                    if !result.cleared.isEmpty {
                        lines.append(
                            "Cleared \(result.cleared.count) id(s) left empty in the file: "
                                + result.cleared.map { "\($0.id) \($0.field)" }.joined(separator: ", ") + ".")
                    }
                    if !result.created.isEmpty {
                        lines.append(terminal.dim("New tokens (shown only now; hand each to its owner):"))
                        for issued in result.created {
                            lines.append("\(issued.id)\t\(issued.role.rawValue)\t\(issued.token)")
                        }
                    }
                    return lines.joined(separator: "\n")
                }
            }
        }
    }
}
