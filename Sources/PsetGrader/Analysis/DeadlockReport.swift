import Foundation

/// A deadlock in words: who waits on what, where, named by function and line.
struct DeadlockReport: Sendable {
    /// One line: "deadlock: all 3 threads blocked in bbuf_get" or the waits one by one.
    var summary: String
    /// One line per blocked thread.
    var threads: [String]

    init(_ blocked: [SchedulerOutput.BlockedThread], symbolizer: Symbolizer) {
        let callers = symbolizer.locate(blocked.map(\.caller), returnAddresses: true)
        let starts = symbolizer.locate(blocked.map(\.start), returnAddresses: false)
        func name(_ thread: Int) -> String {
            guard thread != 0 else { return "the main thread" }
            if let index = blocked.firstIndex(where: { $0.thread == thread }), let start = starts[index] {
                return "thread \(thread) (\(start.function))"
            }
            return "thread \(thread)"
        }
        var lines: [String] = []
        for (index, thread) in blocked.enumerated() {
            let waitsFor: String
            switch thread.operation {
            case "pthread_join": waitsFor = "joins \(name(thread.target))"
            case "pthread_cond_wait": waitsFor = "waits on a condition variable nobody signals"
            case "sem_wait": waitsFor = "waits on a semaphore nobody posts"
            case "pthread_barrier_wait": waitsFor = "waits at a barrier the other threads never reach"
            default:
                let what = thread.operation.replacingOccurrences(of: "pthread_", with: "").replacingOccurrences(
                    of: "_lock", with: "")
                waitsFor =
                    thread.holder >= 0
                    ? (thread.holder == thread.thread
                        ? "locks a \(what) it already holds" : "waits for a \(what) held by \(name(thread.holder))")
                    : "waits for a \(what)"
            }
            let place = callers[index].map { " in \($0)" } ?? ""
            lines.append("\(name(thread.thread)) \(waitsFor)\(place)")
        }
        threads = lines
        let workers = blocked.indices.filter { blocked[$0].operation != "pthread_join" }
        let functions = Set(workers.compactMap { callers[$0]?.function })
        if workers.count > 1, functions.count == 1, workers.allSatisfy({ callers[$0] != nil }),
            let function = functions.first
        {
            summary = "deadlock: \(workers.count == 2 ? "both" : "all \(workers.count)") threads blocked in \(function)"
        } else if workers.count == 1, let only = workers.first {
            summary = "deadlock: \(lines[only])"
        } else {
            summary = "deadlock: " + lines.filter { !$0.contains(" joins ") }.prefix(3).joined(separator: "; ")
            if workers.isEmpty { summary = "deadlock: " + lines.prefix(3).joined(separator: "; ") }
        }
    }
}
