/// System V IPC objects a run still had when its main program ended; teardown removes them all.
public struct SandboxIPCRecord: Sendable, Hashable, Codable {
    /// Shared-memory segments (`shmget`).
    public var sharedMemorySegments: Int
    /// Semaphore sets (`semget`).
    public var semaphoreSets: Int
    /// Message queues (`msgget`).
    public var messageQueues: Int

    /// Creates a record.
    public init(sharedMemorySegments: Int, semaphoreSets: Int, messageQueues: Int) {
        self.sharedMemorySegments = sharedMemorySegments
        self.semaphoreSets = semaphoreSets
        self.messageQueues = messageQueues
    }

    /// Whether nothing was left.
    public var isEmpty: Bool { sharedMemorySegments == 0 && semaphoreSets == 0 && messageQueues == 0 }
}
