import Foundation
import PsetModel

/// The order in which a run's threads took their locks (the runtime's `@@pset order` lines), and the cycles in it
/// that could deadlock.
///
/// An edge says that a thread took one lock while holding another. A cycle of edges is a deadlock waiting to
/// happen only if every edge belongs to a different thread and no two of them hold a lock in common: a lock
/// held by both (a gate, such as a global lock around picking up two forks) means they can never be inside at
/// the same time.
struct LockOrderGraph: Sendable {
    /// One thread taking `second` while holding `first`.
    struct Edge: Sendable, Hashable {
        var thread: Int
        var first: UInt64
        var second: UInt64
        /// The other locks the thread held; nil when it held more than the runtime keeps, so the edge counts as
        /// gated and is never part of a cycle.
        var gates: Set<UInt64>?
        /// Where `first` and `second` were taken and where the thread started, as `module|offset`.
        var firstAt: String
        var secondAt: String
        var start: String

        /// Every lock the thread held at the moment: `first` and the gates.
        var held: Set<UInt64> { (gates ?? []).union([first]) }
    }

    var edges: [Edge]
    /// Whether the runtime ran out of room for edges, so some were never seen.
    var incomplete: Bool

    init(standardError: String) {
        var edges: [Edge] = []
        var incomplete = false
        for line in standardError.split(separator: "\n") where line.hasPrefix("@@pset order") {
            if line == "@@pset order-full" {
                incomplete = true
                continue
            }
            var fields: [Substring: Substring] = [:]
            for word in line.split(separator: " ").dropFirst(2) {
                guard let equals = word.firstIndex(of: "=") else { continue }
                fields[word[..<equals]] = word[word.index(after: equals)...]
            }
            guard let thread = fields["thread"].flatMap({ Int($0) }),
                let first = fields["first"].flatMap({ UInt64($0, radix: 16) }),
                let second = fields["second"].flatMap({ UInt64($0, radix: 16) }),
                let gates = fields["gates"]
            else { continue }
            edges.append(
                Edge(
                    thread: thread, first: first, second: second,
                    gates: gates == "?"
                        ? nil
                        : Set(gates == "-" ? [] : gates.split(separator: ",").compactMap { UInt64($0, radix: 16) }),
                    firstAt: String(fields["first_at"] ?? "-"), secondAt: String(fields["second_at"] ?? "-"),
                    start: String(fields["start"] ?? "-")))
        }
        self.edges = edges
        self.incomplete = incomplete
    }

    /// The shortest cycle that could deadlock, if any: edges of distinct threads holding disjoint sets of locks,
    /// each taking the lock the next one holds.
    func deadlockCycle(longest: Int = 8) -> [Edge]? {
        let usable = edges.filter { $0.gates != nil && $0.first != $0.second }
        let from = Dictionary(grouping: usable, by: \.first)
        var budget = 200_000
        func extend(_ path: [Edge], length: Int) -> [Edge]? {
            let last = path[path.count - 1]
            if path.count == length { return last.second == path[0].first ? path : nil }
            for next in from[last.second] ?? [] {
                budget -= 1
                guard budget > 0 else { return nil }
                // The cycle starts at its smallest lock, so each is found once; a shorter one was tried before.
                guard next.first > path[0].first, path.count + 1 == length || next.second != path[0].first,
                    path.allSatisfy({ $0.thread != next.thread && $0.held.isDisjoint(with: next.held) })
                else { continue }
                if let cycle = extend(path + [next], length: length) { return cycle }
            }
            return nil
        }
        for length in 2...max(2, longest) {
            for start in usable.sorted(by: { $0.first < $1.first }) {
                if let cycle = extend([start], length: length) { return cycle }
            }
        }
        return nil
    }

    /// A cycle in words: each thread, the lock it takes and the lock it holds, named from the source lines.
    static func describe(_ cycle: [Edge], symbolizer: Symbolizer, sources: [SourceFile]) -> String {
        let places = symbolizer.locate(cycle.flatMap { [$0.secondAt, $0.firstAt] }, returnAddresses: true)
        let starts = symbolizer.locate(cycle.map(\.start), returnAddresses: false)
        let steps = cycle.enumerated().map { index, edge in
            let taken = places[2 * index]
            let held = places[2 * index + 1]
            let thread =
                edge.thread == 0
                ? "the main thread" : "thread \(edge.thread)\(starts[index].map { " (\($0.function))" } ?? "")"
            return
                "\(thread) locks \(lockName(at: taken, sources: sources)) while holding \(lockName(at: held, sources: sources))"
        }
        return steps.joined(separator: ", and ")
    }

    /// "`fork[i]` (philo.c:12)": the lock a locking call on that line takes, or "a lock (philo.c:12)".
    private static func lockName(at location: CodeLocation?, sources: [SourceFile]) -> String {
        guard let location else { return "a lock" }
        let place = " (\(location.fileLine))"
        guard let file = location.file, let line = location.line,
            let source = sources.first(where: { $0.name == file })
        else { return "a lock\(place)" }
        let lines = source.contents.split(separator: "\n", omittingEmptySubsequences: false)
        guard line >= 1, line <= lines.count, let name = lockArgument(lines[line - 1]) else { return "a lock\(place)" }
        return "`\(name)`\(place)"
    }

    /// The first argument of the first locking call on a line, without its `&`: `fork[(i + 1) % N]`.
    static func lockArgument(_ line: Substring) -> String? {
        guard let call = line.firstMatch(of: /pthread_(?:mutex|spin|rwlock)_(?:timed|try)?(?:lock|wrlock)\s*\(/)
        else { return nil }
        var depth = 0
        var argument = ""
        for character in line[call.range.upperBound...] {
            if depth == 0, character == "," || character == ")" { break }
            if "([{".contains(character) { depth += 1 }
            if ")]}".contains(character) { depth -= 1 }
            argument.append(character)
        }
        let name = argument.trimmingCharacters(in: .whitespaces).drop { $0 == "&" || $0 == " " }
        return name.isEmpty ? nil : String(name)
    }
}
