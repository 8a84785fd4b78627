import Foundation
import Testing

/// Runs the built `pset` binary, as a user would, on a database of the test's own.
struct PsetProcess {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String

        func json() throws -> Any { try JSONSerialization.jsonObject(with: Data(stdout.utf8)) }
        func object() throws -> [String: Any] { try #require(try json() as? [String: Any]) }
    }

    /// The binary beside the test bundle, which SwiftPM builds because the tests depend on it.
    static let binary: URL = {
        let folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        return folder.appendingPathComponent("pset")
    }()

    var environment: [String: String]
    var directory: URL

    init(database: String, user: String = "ada", directory: URL) {
        var environment = ProcessInfo.processInfo.environment
        environment["PSET_DB"] = database
        environment["PSET_USER"] = user
        environment["NO_COLOR"] = "1"
        environment.removeValue(forKey: "PSET_SERVER")
        environment.removeValue(forKey: "PSET_TOKEN")
        environment["XDG_CONFIG_HOME"] = directory.appendingPathComponent("config").path
        self.environment = environment
        self.directory = directory
    }

    func run(_ arguments: String...) throws -> Output {
        try run(arguments)
    }

    /// Runs pset with `arguments`; `input`, when given, is its standard input (else /dev/null).
    func run(_ arguments: [String], input: String? = nil) throws -> Output {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = directory
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        let feed = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : feed
        try process.run()
        if let input {
            feed.fileHandleForWriting.write(Data(input.utf8))
            try feed.fileHandleForWriting.close()
        }
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
            stderr: String(decoding: err, as: UTF8.self))
    }
}
