import Synchronization

/// Runs work under a wall limit that holds even when the work never returns; the service's workers and
/// `pset worker` both grade under one.
public enum Deadline {
    /// The outcome of `operation`, or nil when `limit` passed first.
    ///
    /// On time-out the operation is cancelled and left to end on its own: the caller goes on at once, even if
    /// the operation is stuck where cancellation cannot reach it. Cancelling the caller cancels the operation.
    public static func run<Value: Sendable>(
        limit: Duration, _ operation: @escaping @Sendable () async throws -> Value
    ) async -> Result<Value, any Error>? {
        let work = Task { try await operation() }
        let outcome = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Result<Value, any Error>?, Never>) in
                let first = FirstResume(continuation)
                let timer = Task {
                    guard (try? await Task.sleep(for: limit)) != nil else { return }
                    first.resume(nil)
                }
                Task {
                    let result = await work.result
                    timer.cancel()
                    first.resume(result)
                }
            }
        } onCancel: {
            work.cancel()
        }
        if outcome == nil { work.cancel() }
        return outcome
    }

    /// Resumes a continuation with whichever value comes first, and ignores the rest.
    private final class FirstResume<Value: Sendable>: Sendable {
        private let continuation: Mutex<CheckedContinuation<Value, Never>?>

        init(_ continuation: CheckedContinuation<Value, Never>) {
            self.continuation = Mutex(continuation)
        }

        func resume(_ value: Value) {
            let waiting = continuation.withLock { pending in
                defer { pending = nil }
                return pending
            }
            waiting?.resume(returning: value)
        }
    }
}
