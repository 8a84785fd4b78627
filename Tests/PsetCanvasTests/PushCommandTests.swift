import Foundation
import GRDB
import Testing

/// `pset admin push canvas` as a TA runs it: the built binary, a database of the test's own, the fake Canvas.
@Suite("pset admin push canvas", .serialized, .timeLimit(.minutes(2)))
struct PushCommandTests {
    /// The `pset` binary beside the test bundle; SwiftPM builds it because this target depends on it.
    static let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("pset")

    /// Runs pset off the cooperative pool (the fake Canvas answers on it meanwhile); returns status and output.
    static func pset(_ arguments: [String], in directory: URL, canvasToken: String? = FakeCanvas.token) async throws
        -> (status: Int32, stdout: String, stderr: String)
    {
        var environment = ProcessInfo.processInfo.environment
        for key in ["PSET_SERVER", "PSET_TOKEN", "CANVAS_API_URL", "CANVAS_API_TOKEN"] {
            environment.removeValue(forKey: key)
        }
        environment["PSET_DB"] = directory.appendingPathComponent("course.sqlite").path
        environment["XDG_CONFIG_HOME"] = directory.appendingPathComponent("config").path
        environment["CANVAS_API_TOKEN"] = canvasToken
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.environment = environment
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                do {
                    try process.run()
                    let out = stdout.fileHandleForReading.readDataToEndOfFile()
                    let err = stderr.fileHandleForReading.readDataToEndOfFile()
                    process.waitUntilExit()
                    continuation.resume(
                        returning: (
                            process.terminationStatus, String(decoding: out, as: UTF8.self),
                            String(decoding: err, as: UTF8.self)
                        ))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    @Test("a dry run prints the diff; a push sends it, records it, and a second push finds nothing to send")
    func pushFromTheCommandLine() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pset-push-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let roster = directory.appendingPathComponent("roster.csv")
        try Data(
            """
            id,name,email,section,role,sis_user_id
            s1,Ada,ada@example.edu,A,student,SIS1
            s2,Bob,bob@example.edu,A,student,
            ta,Tia,tia@example.edu,A,ta,
            """.utf8
        ).write(to: roster)
        let imported = try await Self.pset(["admin", "roster", "import", roster.path], in: directory)
        try #require(imported.status == 0, "\(imported.stderr)")

        let canvas = FakeCanvas(scores: ["501": ["SIS1": 5]])
        try await canvas.serve { base in
            let push = ["admin", "push", "canvas", "--course", FakeCanvas.course, "--canvas-url", base]
            let dry = try await Self.pset(push + ["--assignment", "ipc=501", "--dry-run"], in: directory)
            #expect(dry.status == 0, "\(dry.stderr)")
            #expect(dry.stdout.contains("ipc → Canvas assignment 501: would change 1, 0 already right"))
            #expect(dry.stdout.contains("s1 (SIS1): 5 → 0"))
            #expect(dry.stdout.contains("not sent, no SIS user id: s2"))
            #expect(await canvas.scores["501"]?["SIS1"] == 5)

            let sent = try await Self.pset(push + ["--assignment", "ipc=501", "--json"], in: directory)
            #expect(sent.status == 0, "\(sent.stderr)")
            let pushes = try #require(
                try JSONSerialization.jsonObject(with: Data(sent.stdout.utf8)) as? [[String: Any]])
            #expect(pushes.count == 1)
            #expect(pushes.first?["progressID"] as? Int == 1)
            #expect(await canvas.scores["501"]?["SIS1"] == 0)

            let again = try await Self.pset(push + ["--assignment", "ipc=501"], in: directory)
            #expect(again.stdout.contains("changed 0, 1 already right"), "\(again.stdout)")
            #expect(await canvas.received.filter { $0.method == "POST" }.count == 1)
        }
        let database = try DatabaseQueue(path: directory.appendingPathComponent("course.sqlite").path)
        let rows = try await database.read { db in
            try Row.fetchAll(db, sql: "SELECT person_id, set_id, assignment, score, previous FROM canvas_push")
        }
        #expect(rows.count == 1)
        #expect(rows.first?["person_id"] == "s1")
        #expect(rows.first?["previous"] == 5.0)
        #expect(rows.first?["score"] == 0.0)
    }

    @Test("what a push needs is asked for in one line, before anything is sent")
    func refusals() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pset-push-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let base = ["admin", "push", "canvas", "--course", "77", "--canvas-url", "http://127.0.0.1:9"]
        let cases: [([String], String?, String)] = [
            (base + ["--assignment", "ipc=501"], nil, "pset: set CANVAS_API_TOKEN"),
            (base, FakeCanvas.token, "pset: no set names its Canvas assignment"),
            (base + ["--assignment", "ipc"], FakeCanvas.token, "pset: --assignment takes SET=ID"),
            (base + ["--assignment", "nope=1"], FakeCanvas.token, "pset: --assignment names the set 'nope'"),
        ]
        for (arguments, token, message) in cases {
            let result = try await Self.pset(arguments, in: directory, canvasToken: token)
            #expect(result.status == 1)
            #expect(result.stderr.hasPrefix(message), "\(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1)
        }
    }
}
