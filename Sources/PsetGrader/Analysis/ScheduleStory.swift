import PsetModel

/// Tells a traced schedule in the student's terms: which thread ran which of their lines, and what it read,
/// wrote, took or waited for, around the last switches before the failure.
///
/// Only steps on the student's own lines are told (a call into the C library or the runtime is told at the line
/// that made it; the harness's steps are left out), each access names its variable where the line or the symbol
/// table says which it is, and a write based on a value read before another thread changed it is called out.
enum ScheduleStory {
    /// Runs of one thread told, the last ones before the failure.
    static let maxRuns = 6
    /// Steps told at each end of a run; the middle is counted, not told.
    static let runEnds = 2

    static func steps(
        _ trace: TraceEvents, binary: String, studentFiles: Set<String>, sources: [SourceFile]
    ) -> [TraceStep] {
        let locations = Symbolizer(executable: binary).locate(trace.events.map(\.pc), returnAddresses: true)
        let symbols =
            trace.events.contains { $0.address.contains("|") } ? DataSymbols(binary: binary) : DataSymbols(nmOutput: "")
        var lines: [String: [Substring]] = [:]
        for source in sources where studentFiles.contains(source.name) {
            lines[source.name] = source.contents.split(separator: "\n", omittingEmptySubsequences: false)
        }
        var told: [Told] = []
        for (event, location) in zip(trace.events, locations) {
            guard let file = location?.file, let line = location?.line, studentFiles.contains(file) else {
                continue
            }
            let text = lines[file].flatMap { line > 0 && line <= $0.count ? String($0[line - 1].prefix(500)) : nil }
            let value = Self.value(event)
            var description = describe(event, name: variable(event.address, line: text, symbols: symbols), value: value)
            if let lost = event.lost {
                let writer = lost.writer >= 0 ? "T\(lost.writer)" : "another thread"
                description +=
                    ": it read \(lost.readBefore) before \(writer) wrote \(lost.overwritten), so this overwrites \(writer)'s update"
            }
            told.append(
                Told(
                    step: TraceStep(thread: event.thread, file: file, line: line, event: description),
                    first: event.sequence, last: event.sequence, access: "\(event.kind) \(event.address)",
                    pointerRead: event.kind == "read" && value == nil && event.size == 8,
                    overwrote: event.lost.map(\.writer)))
        }
        return select(merge(told))
    }

    /// A step being told, before steps on one line are merged and runs are cut.
    private struct Told {
        var step: TraceStep
        /// The runtime's numbers of the first and last step it stands for.
        var first: Int
        var last: Int
        /// What it did where (`write 0x…`): a line that does it again, or reads what it wrote, is running again.
        var access: String
        /// A read of a pointer (its value says nothing to the student), left out when its line did more.
        var pointerRead: Bool
        /// A lost update, the step the story must keep: whose update it overwrote (-1 when unknown).
        var overwrote: Int?

        var notable: Bool { overwrote != nil }

        /// For a read, the write to the same place that, made earlier on its line, makes it a new pass.
        var rereads: String? { access.hasPrefix("read ") ? "write" + access.dropFirst(4) : nil }
    }

    /// Consecutive steps of one thread on one pass over one line become one, told as what it did there.
    private static func merge(_ told: [Told]) -> [Told] {
        var merged: [Told] = []
        var parts: [Told] = []
        func flush() {
            guard let first = parts.first, let last = parts.last else { return }
            let shown = parts.contains { !$0.pointerRead } ? parts.filter { !$0.pointerRead } : parts
            var events: [String] = []
            for part in shown where !events.contains(part.step.event) { events.append(part.step.event) }
            var step = first.step
            step.event = events.joined(separator: ", then ")
            merged.append(
                Told(
                    step: step, first: first.first, last: last.last, access: first.access, pointerRead: false,
                    overwrote: parts.lazy.compactMap(\.overwrote).first))
            parts = []
        }
        for item in told {
            if let last = parts.last,
                last.step.thread != item.step.thread || last.step.line != item.step.line
                    || last.step.file != item.step.file || item.first != last.last + 1
                    || parts.contains(where: { $0.access == item.access || $0.access == item.rereads })
            {
                flush()
            }
            parts.append(item)
        }
        flush()
        return merged
    }

    /// The runs of one thread worth telling, each cut to its first and last ``runEnds`` steps and any lost update:
    /// those that explain the last lost update and the last ones (the failure); otherwise the last ``maxRuns``.
    /// What is cut is counted on the next step shown.
    private static func select(_ told: [Told]) -> [TraceStep] {
        var runs: [[Told]] = []
        for item in told {
            if let last = runs.last?.last, last.step.thread == item.step.thread {
                runs[runs.count - 1].append(item)
            } else {
                runs.append([item])
            }
        }
        var chosen: [Int]
        if let lost = runs.lastIndex(where: { $0.contains(where: \.notable) }) {
            // The stale read (the thread's previous run), the update it overwrites (the writer's last run), the
            // write itself, and how the run ended.
            let thread = runs[lost][0].step.thread
            let writer = runs[lost].lazy.compactMap(\.overwrote).last ?? -1
            let read = runs[..<lost].lastIndex { $0[0].step.thread == thread }
            let update = writer >= 0 ? runs[..<lost].lastIndex { $0[0].step.thread == writer } : nil
            let before = Set([read, update ?? (lost > 0 ? lost - 1 : nil)].compactMap { $0 }).sorted()
            let after = Array(max(lost + 1, runs.count - maxRuns / 2)..<max(lost + 1, runs.count))
            chosen = before + [lost] + after
        } else {
            chosen = Array(max(0, runs.count - maxRuns)..<runs.count)
        }
        var steps: [TraceStep] = []
        var shownUpTo: Int?
        for index in chosen {
            let run = runs[index]
            for (position, item) in run.enumerated()
            where position < runEnds || position >= run.count - runEnds || item.notable {
                var step = item.step
                if let shownUpTo, item.first - shownUpTo > 1 { step.skipped = item.first - shownUpTo - 1 }
                steps.append(step)
                shownUpTo = item.last
            }
        }
        return steps
    }

    /// The value an access read or wrote, as the signed integer of its size; nil when unknown or a pointer.
    static func value(_ event: TraceEvents.Event) -> Int64? {
        guard (1...8).contains(event.size) else { return nil }
        let value = signed(event.value, size: event.size)
        return event.size == 8 && value.magnitude >= 1 << 32 ? nil : value
    }

    /// The low `size` bytes of `raw` as a signed integer of that size.
    static func signed(_ raw: UInt64, size: Int) -> Int64 {
        switch size {
        case 1: Int64(Int8(truncatingIfNeeded: raw))
        case 2: Int64(Int16(truncatingIfNeeded: raw))
        case 4: Int64(Int32(truncatingIfNeeded: raw))
        default: Int64(bitPattern: raw)
        }
    }

    /// What the student calls the memory at `address`: a global by its name, or the one member access
    /// (`c->value`, `q.count`) the line holds; nil when neither says.
    static func variable(_ address: String, line: String?, symbols: DataSymbols) -> String? {
        let chains = line.map { MemberAccess.all(in: $0) } ?? []
        let distinct = chains.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let parts = address.split(separator: "|")
        if parts.count == 2, !parts[0].contains(".so"), let offset = UInt64(parts[1].dropFirst(2), radix: 16),
            let symbol = symbols.symbol(containing: offset)
        {
            let name = symbol.name
            let access = distinct.first { $0.hasPrefix(name + ".") || $0.hasPrefix(name + "->") || $0 == name }
            return access ?? name
        }
        return address == "-" || distinct.count != 1 ? nil : distinct[0]
    }

    private static let blockedOperations = [
        1: "mutex", 2: "condition", 3: "rdlock", 4: "wrlock", 5: "spinlock", 6: "semaphore", 7: "join", 8: "barrier",
    ]

    static func describe(_ event: TraceEvents.Event, name: String?, value: Int64?) -> String {
        let shown = value.map { " (\($0))" } ?? ""
        switch event.kind {
        case "read": return "reads \(name ?? "memory")\(shown)"
        case "write": return "writes \(name ?? "memory")\(shown)"
        case "update": return "atomically updates \(name ?? "memory")\(shown)"
        case "lock": return "locks \(name ?? "a lock")"
        case "rdlock": return "read-locks \(name ?? "a lock")"
        case "unlock": return "unlocks \(name ?? "a lock")"
        case "signal": return "signals \(name ?? "a condition variable")\(event.other == 0 ? " (nobody waits)" : "")"
        case "broadcast": return "broadcasts on \(name ?? "a condition variable")"
        case "semwait": return "takes \(name ?? "a semaphore") (now \(event.other))"
        case "sempost": return "posts \(name ?? "a semaphore") (now \(event.other))"
        case "create": return "creates T\(event.other)"
        case "join": return "joins T\(event.other)"
        case "block":
            let holder = (event.other & 0xffff) - 1
            let held = holder >= 0 ? ", held by T\(holder)" : ""
            switch blockedOperations[event.other >> 16] {
            case "condition": return "waits on \(name ?? "a condition variable")"
            case "semaphore": return "waits on \(name ?? "a semaphore") (0)"
            case "join": return "waits in pthread_join"
            case "barrier": return "waits at \(name ?? "a barrier")"
            default: return "waits for \(name ?? "a lock")\(held)"
            }
        default: return event.kind
        }
    }
}
