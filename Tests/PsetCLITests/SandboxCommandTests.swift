import Foundation
import Testing

@Suite("pset sandbox run", .serialized, .timeLimit(.minutes(1)))
struct SandboxCommandTests {
    /// A directory holding one C file, as an instructor would run the command in.
    private func makeDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pset-sandbox-cli-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try "#include <stdio.h>\nint main(void) { puts(\"inside\"); return 4; }\n".write(
            to: directory.appendingPathComponent("hello.c"), atomically: true, encoding: .utf8)
        return directory
    }

    @Test("compiles and runs the directory's files, reporting as JSON")
    func runsWithJSON() throws {
        let directory = try makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let pset = PsetProcess(database: directory.appendingPathComponent("db.sqlite").path, directory: directory)
        let output = try pset.run("sandbox", "run", "--json", "--", "sh", "-c", "gcc -o hello hello.c && ./hello")
        #expect(output.status == 0, "\(output.stderr)")
        let object = try output.object()
        #expect(object["termination"] as? String == "exited")
        #expect(object["exitCode"] as? Int == 4)
        #expect(object["stdout"] as? String == "inside\n")
        #expect((object["isolation"] as? [String])?.contains("seccomp") == true)
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("hello").path) == false)
    }

    @Test("a limit the command hits is a result, not a failure of pset")
    func reportsALimit() throws {
        let directory = try makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let pset = PsetProcess(database: directory.appendingPathComponent("db.sqlite").path, directory: directory)
        let output = try pset.run("sandbox", "run", "--wall", "1", "--json", "--", "sleep", "10")
        #expect(output.status == 0)
        let limit = try #require(try output.object()["limitHit"] as? [String: Any])
        #expect(limit["kind"] as? String == "wall")
    }

    @Test("bad limits and unknown programs fail with a message")
    func rejectsBadInput() throws {
        let directory = try makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let pset = PsetProcess(database: directory.appendingPathComponent("db.sqlite").path, directory: directory)
        let negative = try pset.run("sandbox", "run", "--cpu=0", "--", "true")
        #expect(negative.status != 0)
        #expect(negative.stderr.contains("Limits must be positive numbers."))
        let unknown = try pset.run("sandbox", "run", "--", "no-such-program")
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("no program named no-such-program"))
    }

    @Test("files over the workspace's quota are refused in one line, before anything runs")
    func refusesFilesOverTheQuota() throws {
        let directory = try makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // Sparse: 100 MiB to the sandbox's count, nothing on this machine's disk.
        let big = directory.appendingPathComponent("data.bin")
        #expect(FileManager.default.createFile(atPath: big.path, contents: nil))
        let handle = try FileHandle(forWritingTo: big)
        try handle.truncate(atOffset: 100 << 20)
        try handle.close()
        let pset = PsetProcess(database: directory.appendingPathComponent("db.sqlite").path, directory: directory)
        let output = try pset.run("sandbox", "run", "--", "true")
        #expect(output.status == 1)
        #expect(
            output.stderr
                == "pset: the files in \(directory.path) are 100 MiB, more than the 64 MiB a run may take\n")
        try FileManager.default.removeItem(at: big)
        #expect(try pset.run("sandbox", "run", "--", "true").status == 0, "a directory within the quota runs")
    }
}
