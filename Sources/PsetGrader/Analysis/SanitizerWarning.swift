import Foundation

/// One warning of a ThreadSanitizer report, parsed: its kind, the accesses it names and where the memory is.
///
/// The report reaches the grader through a run of the submission, which can print anything that looks like
/// one; parsing is a single pass over lines of bounded length with no backtracking, the numbers are checked,
/// and the warnings, frames and kept text are capped.
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

    /// The most warnings read from one report; ThreadSanitizer itself stops long before a program could print more.
    static let maxWarnings = 64
    /// The most frames kept of one stack.
    static let maxFrames = 64
    /// The most bytes of a warning's own text kept for the details.
    static let maxTextBytes = 16 * 1024
    /// The most lines of one warning read; ThreadSanitizer's own warnings run to a few dozen.
    static let maxLines = 1000
    /// The most characters kept of a function's or thread's name, which end up in a one-line message.
    static let maxNameLength = 200

    /// Every warning in a report, in order.
    static func parse(_ report: String) -> [SanitizerWarning] {
        var warnings: [SanitizerWarning] = []
        var current: SanitizerWarning?
        var text = WarningText()
        var capturing = false
        var lineCount = 0
        func finish() {
            guard var finished = current else { return }
            finished.text = text.joined
            warnings.append(finished)
            current = nil
        }
        for line in OutputLines(report) {
            let trimmed = line.drop { $0 == " " }
            if let range = line.firstOccurrence(of: "WARNING: ThreadSanitizer: ") {
                finish()
                guard warnings.count < maxWarnings else { break }
                current = SanitizerWarning(
                    title: Self.title(line[range.upperBound...]), accesses: [], location: nil, text: "")
                text = WarningText()
                text.append(line)
                capturing = false
                lineCount = 0
                continue
            }
            guard current != nil else { continue }
            text.append(line)
            lineCount += 1
            if trimmed.hasPrefix("SUMMARY: ThreadSanitizer") || lineCount >= maxLines {
                finish()
                continue
            }
            if trimmed.isEmpty {
                capturing = false
            } else if let access = Self.access(trimmed) {
                current?.accesses.append(access)
                capturing = true
            } else if trimmed.hasPrefix("#"), capturing, let last = current?.accesses.indices.last,
                current?.accesses[last].frames.count ?? maxFrames < maxFrames, let frame = Self.frame(trimmed)
            {
                current?.accesses[last].frames.append(frame)
            } else if trimmed.hasPrefix("Location is ") {
                current?.location = Self.location(trimmed.dropFirst("Location is ".count))
            }
        }
        finish()
        return warnings
    }

    /// The lines of one warning, kept up to `maxTextBytes` and joined once at the end.
    private struct WarningText {
        var lines: [String] = []
        var bytes = 0

        mutating func append(_ line: String) {
            guard bytes < SanitizerWarning.maxTextBytes else { return }
            lines.append(line)
            bytes += line.utf8.count + 1
        }

        var joined: String { lines.joined(separator: "\n") }
    }

    /// The warning's kind without the process id: "data race (pid=29586)" becomes "data race".
    private static func title(_ text: Substring) -> String {
        var title = String(text.prefix(200))
        if let open = title.firstOccurrence(of: " (pid=") {
            let digits = title[open.upperBound...].prefix { $0.isASCII && $0.isNumber }
            if !digits.isEmpty, title[digits.endIndex...].hasPrefix(")") {
                title.removeSubrange(open.lowerBound..<title.index(after: digits.endIndex))
            }
        }
        return title
    }

    /// `[Previous ][atomic ]read|write of size N at 0xADDR by THREAD[ (...)]:` or
    /// `Mutex M1 acquired here while holding mutex M0 in THREAD:`.
    private static func access(_ line: Substring) -> Access? {
        guard let first = line.first, "RrWwPpAaMm".contains(first) else { return nil }
        if line.hasPrefix("Mutex "), let acquired = line.firstOccurrence(of: " acquired here while holding mutex "),
            let inThread = line[acquired.upperBound...].firstOccurrence(of: " in "), line.hasSuffix(":")
        {
            let mutex = line[acquired.upperBound..<inThread.lowerBound]
            let thread = line[inThread.upperBound...].dropLast()
            guard !mutex.contains(" "), !thread.isEmpty, !thread.contains(":") else { return nil }
            return Access(
                kind: "acquire", size: 0, address: 0, thread: String(thread.prefix(maxNameLength)), frames: [])
        }
        var rest = line
        if rest.hasPrefix("Previous ") { rest = rest.dropFirst("Previous ".count) }
        var atomic = false
        if rest.lowercased(prefix: 7) == "atomic " {
            atomic = true
            rest = rest.dropFirst(7)
        }
        let operation: String
        switch rest.lowercased(prefix: 5) {
        case "read ": operation = "read"
        case "write": operation = "write"
        default: return nil
        }
        rest = rest.dropFirst(operation.count)
        guard let size = rest.number(after: " of size ", radix: 10), size.rest.hasPrefix(" at 0x"),
            let address = size.rest.number(after: " at 0x", radix: 16), address.rest.hasPrefix(" by "),
            let sizeValue = Int(exactly: size.value)
        else { return nil }
        let by = address.rest.dropFirst(" by ".count)
        guard by.hasSuffix(":") else { return nil }
        let body = by.dropLast()
        let name = body.prefix { $0 != "(" && $0 != ":" }
        let remainder = body[name.endIndex...]
        guard remainder.isEmpty || (name.hasSuffix(" ") && remainder.hasPrefix("(") && remainder.hasSuffix(")")) else {
            return nil
        }
        let thread = remainder.isEmpty ? name : name.dropLast()
        guard !thread.isEmpty else { return nil }
        let kind = (atomic ? "Atomic " : "") + operation
        return Access(
            kind: kind.prefix(1).uppercased() + kind.dropFirst(), size: sizeValue, address: address.value,
            thread: String(thread.prefix(maxNameLength)), frames: [])
    }

    /// `#0 function path/file.c:14 (module+0x1234)`.
    private static func frame(_ line: Substring) -> CodeLocation? {
        let words = line.split(separator: " ", maxSplits: 3)
        guard words.count >= 3 else { return nil }
        let place = CodeLocation.splitFileLine(words[2])
        return CodeLocation(function: String(words[1].prefix(maxNameLength)), file: place?.file, line: place?.line)
    }

    /// What follows `Location is `: a global, a heap block, a thread's stack, or something else.
    private static func location(_ text: Substring) -> Location {
        if text.hasPrefix("global '") {
            let name = text.dropFirst("global '".count).prefix { $0 != "'" }
            if name.endIndex < text.endIndex, !name.isEmpty {
                // A function's static variable is `name.N`.
                let dot = name.lastIndex(of: ".")
                let suffix = dot.map { name[name.index(after: $0)...] } ?? ""
                let isNumbered = !suffix.isEmpty && suffix.allSatisfy { $0.isASCII && $0.isNumber }
                return .global(String(isNumbered ? name[..<dot!] : name))
            }
        }
        if text.hasPrefix("heap block"), let size = text.number(after: "heap block of size ", radix: 10),
            let base = size.rest.number(after: " at 0x", radix: 16), let sizeValue = Int(exactly: size.value)
        {
            return .heap(base: base.value, size: sizeValue)
        }
        if text.hasPrefix("stack of main thread") { return .stack(thread: "main thread") }
        if text.hasPrefix("stack of thread T"),
            let number = text.number(after: "stack of thread T", radix: 10)
        {
            return .stack(thread: "thread T\(number.value)")
        }
        return .other("Location is " + text)
    }
}

extension Substring {
    /// The first `count` characters, lower-cased, for a case-insensitive look at a prefix.
    fileprivate func lowercased(prefix count: Int) -> String {
        prefix(count).lowercased()
    }

    /// The number (digits in `radix`, at most 64 bits) right after `marker` at the start, and what follows it.
    fileprivate func number(after marker: String, radix: Int) -> (value: UInt64, rest: Substring)? {
        guard hasPrefix(marker) else { return nil }
        let text = dropFirst(marker.count)
        let digits = text.prefix { $0.isASCII && $0.isHexDigit && $0.hexDigitValue! < radix }
        guard !digits.isEmpty, let value = UInt64(digits, radix: radix) else { return nil }
        return (value, text[digits.endIndex...])
    }
}
