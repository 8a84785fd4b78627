/// A topic tag from the course outline; every problem carries at least one.
///
/// The raw values are the tags of the CLI contract, so they appear verbatim in `--json` output.
public enum Topic: String, CaseIterable, Codable, Sendable, Comparable {
    case signals
    case pipes
    case sockets
    case forkCOW = "fork-cow"
    case sharedMemory = "shared-memory"
    case whyThreads = "why-threads"
    case threadSafety = "thread-safety"
    case processesVsThreads = "processes-vs-threads"
    case applications
    case threadLibraries = "thread-libraries"
    case pthreads
    case mutexes
    case semaphores
    case conditionVariables = "condition-variables"
    case userThreads = "user-threads"
    case kernelThreads = "kernel-threads"
    case threadingModels = "threading-models"

    /// Tags that the coding tasks, between them, must cover.
    public static let codingTopics: Set<Topic> = [
        .signals, .pipes, .sockets, .forkCOW, .sharedMemory, .threadSafety, .pthreads, .mutexes, .semaphores,
        .conditionVariables,
    ]

    public static func < (lhs: Topic, rhs: Topic) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
