/// The IPC objects of a run: the System V objects it still had when its main program ended (teardown removes
/// them all), and the pipes, sockets and segments it made along the way.
public struct SandboxIPCRecord: Sendable, Hashable, Codable {
    /// Shared-memory segments (`shmget`) left.
    public var sharedMemorySegments: Int
    /// Semaphore sets (`semget`) left.
    public var semaphoreSets: Int
    /// Message queues (`msgget`) left.
    public var messageQueues: Int
    /// Calls that made pipes (`pipe`, `pipe2`, `mkfifo`) during the run; nil where they could not be recorded.
    public var pipesCreated: Int?
    /// Calls that made sockets (`socket`, `socketpair`) during the run; nil where they could not be recorded.
    public var socketsCreated: Int?
    /// Calls to `shmget` during the run; nil where they could not be recorded.
    public var segmentsCreated: Int?

    /// Creates a record.
    public init(
        sharedMemorySegments: Int, semaphoreSets: Int, messageQueues: Int, pipesCreated: Int? = nil,
        socketsCreated: Int? = nil, segmentsCreated: Int? = nil
    ) {
        self.sharedMemorySegments = sharedMemorySegments
        self.semaphoreSets = semaphoreSets
        self.messageQueues = messageQueues
        self.pipesCreated = pipesCreated
        self.socketsCreated = socketsCreated
        self.segmentsCreated = segmentsCreated
    }

    /// Whether nothing was left.
    public var isEmpty: Bool { sharedMemorySegments == 0 && semaphoreSets == 0 && messageQueues == 0 }
}
