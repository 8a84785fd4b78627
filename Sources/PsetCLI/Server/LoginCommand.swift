import ArgumentParser
import Foundation
import PsetService
import PsetStore

extension Pset {
    struct Login: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Use a pset server from now on: checks the token and saves it for your user.",
            discussion: """
                Saved in $XDG_CONFIG_HOME/pset/config.json (mode 0600). PSET_SERVER and PSET_TOKEN override it, \
                and a database named with --db or PSET_DB overrides both: the student commands then work locally.
                """)

        @Argument(help: "The server's URL, such as https://pset.example.edu.")
        var url: String

        @Option(help: "Your token, as the roster import printed it.")
        var token: String

        @OptionGroup var output: OutputOptions

        struct LoggedIn: Encodable {
            var server: String
            var id: String
            var name: String
            var role: String
            var config: String
        }

        /// What in the environment keeps the student commands from using the server just saved, in the order
        /// `StudentOptions` applies it: a named database first, then `PSET_SERVER`.
        static func overrides(
            of url: String, environment: [String: String] = ProcessInfo.processInfo.environment
        ) -> [String] {
            if let database = environment["PSET_DB"], !database.isEmpty {
                return [
                    "PSET_DB is set (\(database)): the student commands use that local database, not \(url), "
                        + "until you unset it"
                ]
            }
            if let server = environment["PSET_SERVER"], !server.isEmpty {
                return [
                    "PSET_SERVER is set (\(server)): the student commands use it and PSET_TOKEN, not this login, "
                        + "until you unset them"
                ]
            }
            return []
        }

        func run() async throws {
            guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
                throw ValidationError("the URL must start with http:// or https://, as in http://127.0.0.1:8080")
            }
            let settings = ServerSettings(server: url, token: token)
            let identity: Identity = try await ServiceClient(settings: settings).get("/v1/me")
            try settings.save()
            let done = LoggedIn(
                server: url, id: identity.id, name: identity.name, role: identity.role.rawValue,
                config: ServerSettings.configPath)
            for warning in Self.overrides(of: url) { note(Terminal.standardError.yellow("warning: " + warning)) }
            try output.emit(done) { done, terminal in
                "Logged in to \(done.server) as \(terminal.bold(done.id)) (\(done.role)).\n"
                    + terminal.dim("Saved in \(done.config).")
            }
        }
    }
}
