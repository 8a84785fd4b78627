import Foundation

/// Where a `pset serve` is and the token to use there: `PSET_SERVER` and `PSET_TOKEN`, else what
/// `pset login` saved in `$XDG_CONFIG_HOME/pset/config.json` (`~/.config/pset/config.json`).
struct ServerSettings: Codable, Equatable {
    var server: String
    var token: String

    /// The per-user file `pset login` writes, readable only by its owner since it holds a token.
    static var configPath: String {
        let environment = ProcessInfo.processInfo.environment
        let configHome =
            environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? (NSHomeDirectory() + "/.config")
        return configHome + "/pset/config.json"
    }

    /// The settings in force, or `nil` for local mode.
    static func current() throws -> ServerSettings? {
        let environment = ProcessInfo.processInfo.environment
        if let server = environment["PSET_SERVER"], !server.isEmpty {
            guard let token = environment["PSET_TOKEN"], !token.isEmpty else {
                throw RemoteError("PSET_SERVER is set but PSET_TOKEN is not; set both, or run `pset login`")
            }
            return ServerSettings(server: server, token: token)
        }
        guard let data = FileManager.default.contents(atPath: configPath) else { return nil }
        do {
            return try JSONDecoder().decode(ServerSettings.self, from: data)
        } catch {
            throw RemoteError("\(configPath) is not a pset config; run `pset login URL --token TOKEN` again")
        }
    }

    /// Saves the settings with mode 0600, replacing the file atomically.
    func save() throws {
        let path = Self.configPath
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(
                at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let temporary = path + ".tmp"
            guard
                FileManager.default.createFile(
                    atPath: temporary, contents: try encoder.encode(self), attributes: [.posixPermissions: 0o600])
            else { throw RemoteError("cannot write \(temporary)") }
            guard rename(temporary, path) == 0 else { throw RemoteError("cannot replace \(path)") }
        } catch let error as RemoteError {
            throw error
        } catch {
            throw RemoteError("cannot save \(path): \(error.localizedDescription)")
        }
    }
}
