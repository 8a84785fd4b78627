import Glibc

/// Runs blocking work on a thread of its own and awaits its result.
///
/// A run blocks in `poll` for up to its wall-time limit; giving each run its own thread keeps
/// Swift's cooperative pool free however many runs proceed at once.
enum BlockingThread {
    /// Runs `body` on a new detached thread and returns what it returns or throws.
    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let job = Job {
                continuation.resume(with: Result { try body() })
            }
            let unmanaged = Unmanaged.passRetained(job)
            var attributes = pthread_attr_t()
            pthread_attr_init(&attributes)
            pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
            defer { pthread_attr_destroy(&attributes) }
            var thread = pthread_t()
            let rc = pthread_create(
                &thread, &attributes,
                { raw in
                    Unmanaged<Job>.fromOpaque(raw!).takeRetainedValue().work()
                    return nil
                }, unmanaged.toOpaque())
            if rc != 0 {
                unmanaged.release()
                continuation.resume(
                    throwing: SandboxError("cannot start a thread to supervise the run: \(HostDirectory.describe(rc))"))
            }
        }
    }

    /// The work handed to the new thread.
    private final class Job: Sendable {
        let work: @Sendable () -> Void

        init(_ work: @escaping @Sendable () -> Void) {
            self.work = work
        }
    }
}
