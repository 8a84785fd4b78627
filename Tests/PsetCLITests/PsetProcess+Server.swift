import Foundation
import Testing

extension PsetProcess {
    /// Imports `roster` (CSV) into the local database and returns each new person's token by id.
    func importRoster(_ roster: String) throws -> [String: String] {
        let file = directory.appendingPathComponent("roster-\(UUID().uuidString).csv")
        try Data(roster.utf8).write(to: file)
        let imported = try run("admin", "roster", "import", file.path, "--json")
        #expect(imported.status == 0, "\(imported.stderr)")
        var tokens: [String: String] = [:]
        for person in try #require(try imported.object()["created"] as? [[String: Any]]) {
            tokens[try #require(person["id"] as? String)] = try #require(person["token"] as? String)
        }
        return tokens
    }

    /// The same binary in server mode against `server`, with `token`, through `PSET_SERVER` and `PSET_TOKEN`.
    func remote(_ server: ServerProcess, token: String?) -> PsetProcess {
        var client = self
        client.environment.removeValue(forKey: "PSET_DB")
        client.environment["PSET_SERVER"] = server.url
        client.environment["PSET_TOKEN"] = token
        return client
    }
}
