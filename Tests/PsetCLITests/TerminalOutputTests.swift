import Foundation
import Testing

/// What a student sees on a terminal and in scripts: wrapping, progress in place, readable network errors,
/// help without repeated defaults, completion of ids, and the login warning.
@Suite(.serialized, .timeLimit(.minutes(3)))
final class TerminalOutputTests {
    let folder: URL
    let pset: PsetProcess

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("pset-terminal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        pset = PsetProcess(database: folder.appendingPathComponent("pset.sqlite").path, directory: folder)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// The words of a text, whatever its line breaks.
    static func words(_ text: String) -> [Substring] {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" })
    }

    @Test func textIsWrappedToTheTerminalBetweenWords() throws {
        let id = "ipc/shmget-vs-shmat"
        #expect(try pset.run("answer", id, "a").status == 0)
        let plain = try pset.run("show", id)
        #expect(plain.stdout.split(separator: "\n").contains { $0.count > 60 }, "a pipe gets the lines unwrapped")
        let shown = try pset.runOnTerminal(["show", id], columns: 60)
        #expect(shown.status == 0)
        let lines = shown.terminal.split(separator: "\n")
        #expect(lines.allSatisfy { $0.count <= 60 }, "\(lines.filter { $0.count > 60 })")
        #expect(Self.words(shown.terminal) == Self.words(plain.stdout), "no word is broken, none is lost")
    }

    @Test func progressIsRewrittenInPlaceOnATerminalOnly() throws {
        let work = folder.appendingPathComponent("work").path
        #expect(try pset.run("start", "threads/counter", work).status == 0)
        let arguments = ["test", "threads/counter", "\(work)/counter.c"]
        let onTerminal = try pset.runOnTerminal(arguments, columns: 80, standardError: true)
        #expect(onTerminal.status == 0)
        #expect(onTerminal.terminal.contains("\r\u{1B}[K"))
        #expect(!onTerminal.terminal.contains("\n"), "the progress line is cleared, never left behind")
        let piped = try pset.run(arguments)
        #expect(!piped.stderr.contains("\r") && !piped.stderr.contains("\u{1B}"))
        let lines = piped.stderr.split(separator: "\n")
        #expect(lines.count >= 2 && Set(lines).count == lines.count, "one plain line per phase: \(lines)")
    }

    /// A loopback port nobody listens on.
    static func closedPort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        try withUnsafeMutablePointer(to: &address) { pointer in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                guard bind(descriptor, $0, length) == 0, getsockname(descriptor, $0, &length) == 0 else {
                    throw POSIXError(.EADDRINUSE)
                }
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    @Test func anUnreachableServerIsOneReadableLineAtOnce() throws {
        let url = "http://127.0.0.1:\(try Self.closedPort())"
        var client = pset
        client.environment.removeValue(forKey: "PSET_DB")
        client.environment["PSET_SERVER"] = url
        client.environment["PSET_TOKEN"] = "pset_unused"
        let started = Date()
        let problems = try client.run("problems")
        #expect(problems.status == 1)
        #expect(problems.stderr == "pset: cannot reach the server at \(url): connection refused\n")
        #expect(Date().timeIntervalSince(started) < 10, "a refused connection is not retried until a deadline")
        let work = folder.appendingPathComponent("work").path
        #expect(try pset.run("start", "threads/counter", work).status == 0)
        let submitted = try client.run("submit", "threads/counter", "\(work)/counter.c")
        #expect(submitted.status == 1 && submitted.stderr.split(separator: "\n").count == 1)
        #expect(submitted.stderr.contains("your submission was not recorded: submit it again"))
    }

    @Test func helpStatesEachDefaultOnce() throws {
        let commands = [
            ["problems"], ["show"], ["start"], ["answer"], ["submit"], ["test"], ["history"], ["feedback"], ["grades"],
            ["check"], ["login"], ["logout"], ["serve"], ["admin", "export"], ["admin", "regrade"], ["sandbox", "run"],
        ]
        for command in commands {
            let help = try pset.run(command + ["--help"]).stdout
            // One entry per argument or option: its first line and the indented lines that continue it.
            var entries: [String] = []
            for line in help.split(separator: "\n") {
                if line.hasPrefix("  ") && !line.hasPrefix("   ") {
                    entries.append(String(line))
                } else if line.hasPrefix("   "), !entries.isEmpty {
                    entries[entries.count - 1] += String(line)
                }
            }
            for entry in entries {
                #expect(entry.components(separatedBy: "default").count <= 2, "pset \(command): \(entry)")
            }
        }
    }

    @Test func problemIdsCompleteByKindAndSourceFilesByExtension() throws {
        func complete(_ command: String, _ prefix: String) throws -> [Substring] {
            try pset.run([
                "---completion", command, "--", "positional@0", "2", "\(prefix.count)", "pset", command, prefix,
            ])
            .stdout.split(separator: "\n")
        }
        let shm = try complete("show", "ipc/shm")
        #expect(shm.contains("ipc/shmget-vs-shmat") && shm.contains("ipc/shm-sum"))
        #expect(shm.allSatisfy { $0.hasPrefix("ipc/shm") })
        let coding = try complete("submit", "ipc/shm")
        #expect(coding == ["ipc/shm-sum"], "submit completes coding tasks only")
        #expect(!(try complete("answer", "ipc/shm")).contains("ipc/shm-sum"), "answer completes questions only")
        let script = try pset.run("--generate-completion-script", "bash").stdout
        let submit = try #require(script.range(of: "_pset_submit()")).upperBound
        #expect(script[submit...].prefix(2000).contains("-fX '!*.@(c|h)'"), "submit completes .c and .h files")
    }
}
