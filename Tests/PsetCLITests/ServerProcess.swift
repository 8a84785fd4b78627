import Foundation
import Testing

/// A `pset serve` run by the test on a free loopback port, with its log in a file.
final class ServerProcess {
    let process = Process()
    let log: URL
    private(set) var url = ""

    /// Starts the server on the database (on `port`, else a free one), with any further `arguments` of
    /// `pset serve`, and waits (at most 30 seconds) until it listens.
    init(
        database: String, directory: URL, environment: [String: String], port: Int = 0, arguments: [String] = []
    ) throws {
        log = directory.appendingPathComponent("serve-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        process.executableURL = PsetProcess.binary
        process.arguments = ["serve", "--port", "\(port)", "--db", database, "--workers", "1"] + arguments
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        while url.isEmpty && Date() < deadline && process.isRunning {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            if let range = text.range(of: #"http://127\.0\.0\.1:[0-9]+"#, options: .regularExpression) {
                url = String(text[range])
            } else {
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
        if url.isEmpty {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw ServerFailure(log: (try? String(contentsOf: log, encoding: .utf8)) ?? "")
        }
    }

    /// `kill -9`: no chance to finish or re-queue anything.
    func crash() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// The port it listens on.
    var port: Int { Int(url.split(separator: ":").last ?? "") ?? 0 }

    /// What it has written to its log so far.
    var logText: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    /// SIGINT, as Ctrl-C in its terminal sends; it does not wait.
    func interrupt() {
        kill(process.processIdentifier, SIGINT)
    }

    /// SIGTERM, then waits for the graceful shutdown.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    deinit {
        if process.isRunning { crash() }
    }

    struct ServerFailure: Error, CustomStringConvertible {
        var log: String
        var description: String { "pset serve did not start:\n\(log)" }
    }
}
