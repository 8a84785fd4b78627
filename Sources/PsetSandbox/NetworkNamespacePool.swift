import Glibc
import Synchronization

/// Network namespaces kept for reuse, each lent to one run at a time.
///
/// Creating and destroying a network namespace is the costliest part of a run's set-up and
/// teardown (the kernel tears it down asynchronously, competing with the next runs for the CPU).
/// A namespace whose run has ended holds nothing of it: its processes and their sockets are gone,
/// the sandbox keeps no TIME_WAIT sockets, and programs never have the privileges to change its
/// interfaces, routes or settings. So the next run may take it over.
final class NetworkNamespacePool: Sendable {
    /// The pool every sandbox of this process shares.
    static let shared = NetworkNamespacePool()

    private let free = Mutex<[Int32]>([])

    /// A namespace descriptor no run is using, if the pool has one.
    func take() -> Int32? {
        free.withLock { $0.popLast() }
    }

    /// Returns a namespace whose run has ended, every process of it reaped.
    func giveBack(_ descriptor: Int32) {
        free.withLock { $0.append(descriptor) }
    }

    /// Opens the network namespace of a live process, to keep it once the process is gone.
    static func open(of pid: pid_t) -> Int32? {
        let descriptor = Glibc.open("/proc/\(pid)/ns/net", O_RDONLY | O_CLOEXEC)
        return descriptor >= 0 ? descriptor : nil
    }
}
