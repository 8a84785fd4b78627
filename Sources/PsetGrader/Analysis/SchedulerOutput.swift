import Foundation

/// What the scheduler runtime said on standard error, separated from what the program itself wrote.
struct SchedulerOutput: Sendable {
    /// The program's own standard error, without the runtime's lines.
    var programErrors: String
    /// The end-of-run summary: `seed`, `steps`, `switches`, `trace`, `depth`, `changes` and, when asked for,
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

    init(standardError: String) {
        var program: [Substring] = []
        var summary: [String: String] = [:]
        var blocked: [BlockedThread] = []
        var deadlocked = false
        var fatal: String?
        for line in standardError.split(separator: "\n", omittingEmptySubsequences: false) {
            guard line.hasPrefix("@@pset ") else {
                program.append(line)
                continue
            }
            let words = line.dropFirst(7).split(separator: " ")
            guard let kind = words.first else { continue }
            let fields = Self.fields(words.dropFirst())
            switch kind {
            case "end": summary = fields
            case "deadlock": deadlocked = true
            case "fatal": fatal = words.dropFirst().joined(separator: " ")
            case "blocked":
                blocked.append(
                    BlockedThread(
                        thread: Int(fields["thread"] ?? "") ?? -1, operation: fields["op"] ?? "?",
                        holder: Int(fields["holder"] ?? "") ?? -1, target: Int(fields["target"] ?? "") ?? -1,
                        caller: fields["caller"] ?? "-", start: fields["start"] ?? "-"))
            default: break
            }
        }
        self.programErrors = program.joined(separator: "\n")
        self.summary = summary
        self.blocked = blocked
        self.deadlocked = deadlocked
        self.fatal = fatal
    }

    /// The switch points the run went through (synchronisation calls and shared-memory accesses), if it said.
    var steps: Int? { summary["steps"].flatMap { Int($0) } }

    private static func fields(_ words: ArraySlice<Substring>) -> [String: String] {
        var fields: [String: String] = [:]
        for word in words {
            guard let equals = word.firstIndex(of: "=") else { continue }
            fields[String(word[..<equals])] = String(word[word.index(after: equals)...])
        }
        return fields
    }
}
