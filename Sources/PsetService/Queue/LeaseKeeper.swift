import Logging

/// Keeps a grading job's lease while work on it runs, by renewing it every heartbeat; used by the service's own
/// workers (on the database) and by `pset worker` (over HTTP).
public struct LeaseKeeper: Sendable {
    /// How holding a lease ended.
    public enum Outcome<Value: Sendable>: Sendable {
        /// The work finished while the lease was held.
        case done(Value)
        /// A renewal was refused: another worker holds the job now, and the work was cancelled.
        case lost
        /// The caller was cancelled before the work finished.
        case stopped
    }

    /// Renews the lease once: `false` when it was refused (lost), a thrown error when it could not be asked (the
    /// next heartbeat asks again, while the lease lasts).
    let renew: @Sendable () async throws -> Bool
    let heartbeat: Duration
    let logger: Logger

    public init(heartbeat: Duration, logger: Logger, renew: @escaping @Sendable () async throws -> Bool) {
        self.renew = renew
        self.heartbeat = heartbeat
        self.logger = logger
    }

    /// Runs `work` while renewing the lease; a lost lease cancels the work.
    public func holding<Value: Sendable>(_ work: @escaping @Sendable () async -> Value) async -> Outcome<Value> {
        await withTaskGroup(of: Outcome<Value>.self) { group in
            group.addTask { .done(await work()) }
            group.addTask { await keep() }
            for await outcome in group {
                if case .stopped = outcome { continue }
                group.cancelAll()
                // A work cancelled by the caller finishes too; it is not a grading made under the lease.
                if case .done = outcome, Task.isCancelled { return .stopped }
                return outcome
            }
            return .stopped
        }
    }

    /// Renews the lease every heartbeat until a renewal is refused (`lost`) or the task is cancelled (`stopped`).
    private func keep<Value: Sendable>() async -> Outcome<Value> {
        while (try? await Task.sleep(for: heartbeat)) != nil {
            do {
                if try await !renew() { return .lost }
            } catch {
                logger.warning("could not renew a grading job's lease; trying again at the next heartbeat: \(error)")
            }
        }
        return .stopped
    }
}
