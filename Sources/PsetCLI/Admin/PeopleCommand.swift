import ArgumentParser
import Foundation
import PsetService
import PsetStore

extension Person.Role: ExpressibleByArgument {}

extension Pset.Admin {
    struct People: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the course's people: id, name, role, section, email, the ids Canvas knows them by.")

        @Option(help: "Only students or only TAs: student or ta.")
        var role: Person.Role?

        @OptionGroup var admin: AdminOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let people = try await admin.backend().people(role: role)
            try output.emit(people) { people, terminal in
                guard !people.isEmpty else { return "Nobody yet; add people with `pset admin roster import`." }
                return people.map { person in
                    var line =
                        "\(person.id)\t\(person.name)\t\(person.role.rawValue)\t\(person.section)\t\(person.email)"
                    let ids = [("SIS", person.sisUserID), ("login", person.sisLoginID), ("Canvas", person.lmsID)]
                        .compactMap { name, id in id.map { "\(name) \($0)" } }
                    line += terminal.dim("\t" + (ids.isEmpty ? "no SIS ids" : ids.joined(separator: ", ")))
                    if !person.token { line += terminal.yellow("\tno token") }
                    return line
                }.joined(separator: "\n")
            }
        }
    }
}
