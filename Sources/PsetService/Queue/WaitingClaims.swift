/// The worker claims waiting on this node for a job, by the name of the slot waiting, so a stopping worker can
/// end its own: a claim whose client has gone would still take a job and hold it until its lease ran out.
actor WaitingClaims {
    private var waiting: [String: Int] = [:]
    private var cancelled: Set<String> = []

    /// A claim of `name` starts waiting.
    func begin(_ name: String) {
        waiting[name, default: 0] += 1
    }

    /// A claim of `name` has its answer.
    func end(_ name: String) {
        waiting[name, default: 1] -= 1
        if waiting[name] == 0 {
            waiting[name] = nil
            cancelled.remove(name)
        }
    }

    /// Whether the claims of `name` should end now.
    func isCancelled(_ name: String) -> Bool {
        cancelled.contains(name)
    }

    /// Ends the waiting claims of these names; returns how many there were.
    func cancel(_ names: [String]) -> Int {
        var ended = 0
        for name in names {
            guard let count = waiting[name] else { continue }
            cancelled.insert(name)
            ended += count
        }
        return ended
    }
}
