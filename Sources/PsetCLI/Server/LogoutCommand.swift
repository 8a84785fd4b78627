import ArgumentParser
import Foundation

extension Pset {
    struct Logout: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Forget the saved server and token: the student commands work locally again.")

        @OptionGroup var output: OutputOptions

        struct LoggedOut: Encodable {
            var config: String
            var removed: Bool
            /// Set when PSET_SERVER still selects a server for this shell.
            var stillSet: String?
        }

        func run() async throws {
            let path = ServerSettings.configPath
            var removed = false
            if FileManager.default.fileExists(atPath: path) {
                guard unlink(path) == 0 else {
                    throw RemoteError("cannot remove \(path): \(String(cString: strerror(errno)))")
                }
                removed = true
            }
            let environment = ProcessInfo.processInfo.environment["PSET_SERVER"].flatMap { $0.isEmpty ? nil : $0 }
            let done = LoggedOut(config: path, removed: removed, stillSet: environment)
            try output.emit(done) { done, terminal in
                var text = done.removed ? "Logged out: removed \(done.config)." : "Not logged in: no \(done.config)."
                if let server = done.stillSet {
                    text += "\n" + terminal.yellow("PSET_SERVER is still set (\(server)): unset it to work locally.")
                }
                return text
            }
        }
    }
}
