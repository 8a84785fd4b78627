import ArgumentParser
import Foundation
import PsetService
import PsetStore

extension Pset.Admin {
    struct Worker: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Issue, list or revoke the tokens of grading hosts (`pset worker`).",
            subcommands: [Add.self, List.self, Revoke.self])

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Issue a token for a grading host; prints it once (only its hash is kept).")

            @Argument(help: "The host's name: 1 to 64 letters, digits, '.', '_' or '-'.")
            var name: String

            @OptionGroup var admin: AdminOptions
            @OptionGroup var output: OutputOptions

            func run() async throws {
                let issued = try await admin.backend().addWorker(named: name)
                try output.emit(issued) { issued, _ in
                    "Worker token for \(issued.name) (shown only now):\n\(issued.token)"
                }
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List the grading hosts that have a token.")

            @OptionGroup var admin: AdminOptions
            @OptionGroup var output: OutputOptions

            func run() async throws {
                let workers = try await admin.backend().workers()
                try output.emit(workers) { workers, _ in
                    workers.isEmpty
                        ? "No grading host has a token; `pset admin worker add NAME` issues one."
                        : workers.map { "\($0.name)  since \($0.createdAt.formatted(.iso8601))" }.joined(
                            separator: "\n")
                }
            }
        }

        struct Revoke: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Take a grading host's token away: it claims no more jobs, and its leases run out.")

            @Argument(help: "The host's name.")
            var name: String

            @OptionGroup var admin: AdminOptions
            @OptionGroup var output: OutputOptions

            func run() async throws {
                let revocation = try await admin.backend().revokeWorker(named: name)
                try output.emit(revocation) { revocation, _ in
                    revocation.revoked
                        ? "Revoked \(revocation.name)'s worker token." : "\(revocation.name) had no worker token."
                }
            }
        }
    }
}
