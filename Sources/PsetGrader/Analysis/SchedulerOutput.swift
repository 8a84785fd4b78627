import Foundation

/// What the scheduler runtime said on standard error, separated from what the program itself wrote.
struct SchedulerOutput: Sendable {
    /// The program's own standard error, without the runtime's lines.
    var programErrors: String
    /// The end-of-run summary: `seed`, `steps`, `unlocked`, `switches`, `trace`, `depth`, `changes` and, when asked for,
    /// `schedule`.
    var summary: [String: String]
    /// The threads blocked at a deadlock, if the run deadlocked.
    var blocked: [BlockedThread]
    var deadlocked: Bool
    /// A fatal condition of the runtime itself (too many threads or objects).
    var fatal: String?

    /// One thread blocked at a deadlock, as the runtime printed it.
    struct BlockedThread: Sendable {
        var thread: Int
        var operation: String
        /// The thread holding the lock it waits for, or -1.
        var holder: Int
        /// The thread it joins, or -1.
        var target: Int
        var caller: String
        var start: String
    }

    /// The most blocked threads read: the runtime schedules at most 512 threads.
    static let maxBlocked = 512
    /// The most bytes of a runtime line read; the runtime's own lines are far shorter.
    static let maxLineBytes = 1024

    /// Separates the runtime's lines from the program's, in one pass over the bytes.
    ///
    /// The program shares the runtime's standard error and can print lines that look like the runtime's; only
    /// the first `maxLineBytes` of such a line are read, and at most `maxBlocked` blocked threads.
    init(standardError: String) {
        let bytes = Array(standardError.utf8)
        let marker = Array("@@pset ".utf8)
        var program: [UInt8] = []
        program.reserveCapacity(bytes.count)
        var summary: [String: String] = [:]
        var blocked: [BlockedThread] = []
        var deadlocked = false
        var fatal: String?
        var position = 0
        var programLines = 0
        while position <= bytes.count {
            let end = bytes[position...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            defer { position = end + 1 }
            guard bytes[position..<end].starts(with: marker) else {
                if programLines > 0 { program.append(UInt8(ascii: "\n")) }
                program.append(contentsOf: bytes[position..<end])
                programLines += 1
                continue
            }
            // Split as bytes, decoded a piece at a time: every schedule's summary passes through here.
            let words = bytes[(position + marker.count)..<min(end, position + Self.maxLineBytes)]
                .split(separator: UInt8(ascii: " "))
            guard let first = words.first else { continue }
            let fields = Self.fields(words.dropFirst())
            switch String(decoding: first, as: UTF8.self) {
            case "end": summary = fields
            case "deadlock": deadlocked = true
            case "fatal": fatal = words.dropFirst().map { String(decoding: $0, as: UTF8.self) }.joined(separator: " ")
            case "blocked" where blocked.count < Self.maxBlocked:
                blocked.append(
                    BlockedThread(
                        thread: Int(fields["thread"] ?? "") ?? -1, operation: fields["op"] ?? "?",
                        holder: Int(fields["holder"] ?? "") ?? -1, target: Int(fields["target"] ?? "") ?? -1,
                        caller: fields["caller"] ?? "-", start: fields["start"] ?? "-"))
            default: break
            }
        }
        self.programErrors = String(decoding: program, as: UTF8.self)
        self.summary = summary
        self.blocked = blocked
        self.deadlocked = deadlocked
        self.fatal = fatal
    }

    /// The switch points the run went through (synchronisation calls and shared-memory accesses), if it said.
    var steps: Int? { summary["steps"].flatMap { Int($0) } }

    /// The shared-memory accesses among them made holding no lock, which a focused run's change points fall on.
    var unlockedSteps: Int? { summary["unlocked"].flatMap { Int($0) } }

    private static func fields(_ words: ArraySlice<ArraySlice<UInt8>>) -> [String: String] {
        var fields: [String: String] = [:]
        for word in words {
            guard let equals = word.firstIndex(of: UInt8(ascii: "=")) else { continue }
            fields[String(decoding: word[..<equals], as: UTF8.self)] = String(
                decoding: word[(equals + 1)...], as: UTF8.self)
        }
        return fields
    }
}
