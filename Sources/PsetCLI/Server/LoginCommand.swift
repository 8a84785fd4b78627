import ArgumentParser
import Foundation
import PsetService
import PsetStore

extension Pset {
    struct Login: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Use a pset server from now on: checks the token and saves it for your user.",
            discussion:
                "Saved in $XDG_CONFIG_HOME/pset/config.json (mode 0600). PSET_SERVER and PSET_TOKEN override it.")

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
            try output.emit(done) { done, terminal in
                "Logged in to \(done.server) as \(terminal.bold(done.id)) (\(done.role)).\n"
                    + terminal.dim("Saved in \(done.config).")
            }
        }
    }
}
