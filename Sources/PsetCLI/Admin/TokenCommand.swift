import ArgumentParser
import Foundation
import PsetService

extension Pset.Admin {
    struct Token: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replace or revoke a person's token.", subcommands: [Rotate.self, Revoke.self])

        struct Rotate: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Give a person a new token; the old one stops working. Prints the new one once.")

            @Argument(help: "The person's id.")
            var id: String

            @OptionGroup var admin: AdminOptions
            @OptionGroup var output: OutputOptions

            func run() async throws {
                let issued = try await admin.backend().rotateToken(of: id)
                try output.emit(issued) { issued, terminal in
                    "New token for \(issued.id) (shown only now):\n\(issued.token)"
                }
            }
        }

        struct Revoke: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Take a person's token away; `rotate` gives them a new one.")

            @Argument(help: "The person's id.")
            var id: String

            @OptionGroup var admin: AdminOptions
            @OptionGroup var output: OutputOptions

            func run() async throws {
                let revocation = try await admin.backend().revokeToken(of: id)
                try output.emit(revocation) { revocation, _ in
                    revocation.revoked
                        ? "Revoked \(revocation.id)'s token." : "\(revocation.id) had no token; nothing to revoke."
                }
            }
        }
    }
}
