import Foundation

/// Lets at most a fixed number of runs proceed at once, in the order they asked, so grading uses every core and no more.
///
/// Each run holds one numbered slot while it runs; a run pinned to CPU number `slot` shares its CPU
/// with no other run of this grader.
actor RunLimiter {
    private var free: [Int]
    private var waiting: [CheckedContinuation<Int, Never>] = []

    init(permits: Int) {
        free = Array((0..<max(1, permits)).reversed())
    }

    /// Runs `body` with a free slot's number once one is free.
    func withPermit<T: Sendable>(_ body: @Sendable (Int) async throws -> T) async rethrows -> T {
        let slot = await acquire()
        defer { release(slot) }
        return try await body(slot)
    }

    private func acquire() async -> Int {
        if let slot = free.popLast() { return slot }
        return await withCheckedContinuation { waiting.append($0) }
    }

    private func release(_ slot: Int) {
        if waiting.isEmpty {
            free.append(slot)
        } else {
            waiting.removeFirst().resume(returning: slot)
        }
    }
}
