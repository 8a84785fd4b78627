import Foundation

/// One warning of a ThreadSanitizer report, parsed: its kind, the accesses it names and where the memory is.
struct SanitizerWarning: Sendable {
    /// "data race", "lock-order-inversion (potential deadlock)", ...
    var title: String
    var accesses: [Access]
    var location: Location?
    /// The warning's own lines, for the details of a report.
    var text: String

    /// A memory access or lock acquisition and the stack that made it.
    struct Access: Sendable {
        /// "Read", "Write", "Atomic write", or "acquire" for a lock.
        var kind: String
        var size: Int
        var address: UInt64
        /// "thread T2" or "main thread".
        var thread: String
        var frames: [CodeLocation]
    }

    /// Where the raced-on memory lives.
    enum Location: Sendable {
        case global(String)
        case heap(base: UInt64, size: Int)
        case stack(thread: String)
        case other(String)
    }

    /// Every warning in a report, in order.
    static func parse(_ report: String) -> [SanitizerWarning] {
        var warnings: [SanitizerWarning] = []
        var current: SanitizerWarning?
        var lines: [Substring] = []
        var capturing = false
        for line in report.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop { $0 == " " }
            if let range = line.range(of: "WARNING: ThreadSanitizer: ") {
                if let finished = current { warnings.append(finished) }
                let title = line[range.upperBound...].replacing(/\s\(pid=\d+\)/, with: "")
                current = SanitizerWarning(title: String(title), accesses: [], location: nil, text: "")
                lines = [line]
                capturing = false
                continue
            }
            guard current != nil else { continue }
            lines.append(line)
            current?.text = lines.joined(separator: "\n")
            if trimmed.hasPrefix("SUMMARY: ThreadSanitizer") {
                warnings.append(current!)
                current = nil
                continue
            }
            if trimmed.isEmpty {
                capturing = false
            } else if let access = Self.access(trimmed) {
                current?.accesses.append(access)
                capturing = true
            } else if trimmed.hasPrefix("#"), capturing, let frame = Self.frame(trimmed) {
                if let last = current?.accesses.indices.last { current?.accesses[last].frames.append(frame) }
            } else if trimmed.hasPrefix("Location is ") {
                current?.location = Self.location(trimmed)
            }
        }
        if let finished = current { warnings.append(finished) }
        return warnings
    }

    private static func access(_ line: Substring) -> Access? {
        if let match = line.wholeMatch(
            of: /(?:Previous )?(?i:(atomic )?(read|write)) of size (\d+) at (0x[0-9a-f]+) by ([^(:]+?)(?: \(.*\))?:/)
        {
            let kind = (match.1 != nil ? "Atomic " : "") + match.2.lowercased()
            return Access(
                kind: kind.prefix(1).uppercased() + kind.dropFirst(), size: Int(match.3) ?? 0,
                address: UInt64(match.4.dropFirst(2), radix: 16) ?? 0, thread: String(match.5), frames: [])
        }
        if let match = line.wholeMatch(of: /Mutex \S+ acquired here while holding mutex \S+ in ([^:]+):/) {
            return Access(kind: "acquire", size: 0, address: 0, thread: String(match.1), frames: [])
        }
        return nil
    }

    private static func frame(_ line: Substring) -> CodeLocation? {
        let words = line.split(separator: " ")
        guard words.count >= 3 else { return nil }
        let place = CodeLocation.splitFileLine(words[2])
        return CodeLocation(function: String(words[1]), file: place?.file, line: place?.line)
    }

    private static func location(_ line: Substring) -> Location {
        if let match = line.firstMatch(of: /Location is global '([^']+)'/) {
            return .global(String(match.1.replacing(/\.\d+$/, with: "")))
        }
        if let match = line.firstMatch(of: /heap block of size (\d+) at (0x[0-9a-f]+)/) {
            return .heap(base: UInt64(match.2.dropFirst(2), radix: 16) ?? 0, size: Int(match.1) ?? 0)
        }
        if let match = line.firstMatch(of: /stack of (main thread|thread T\d+)/) {
            return .stack(thread: String(match.1))
        }
        return .other(String(line))
    }
}
