/// The processes of a run: how many it created, how many existed at once, and how they stood when its main
/// program ended, before teardown killed the rest.
public struct SandboxProcessRecord: Sendable, Hashable, Codable {
    /// Processes and threads created during the run, the main program included.
    public var tasksCreated: Int
    /// Processes other than the main program still running when it ended (children, daemons).
    public var aliveAtExit: Int
    /// Processes that had exited but were never waited for when the main program ended.
    public var zombiesAtExit: Int
    /// Processes (not threads) created during the run, the main program included, from the kernel's process
    /// accounting; nil where it could not be recorded.
    public var processesCreated: Int?
    /// The most processes that existed at once, the main program included, counting one that has exited but
    /// was not yet waited for; nil where it could not be recorded.
    ///
    /// The kernel counts threads and processes together here, so in a run that also created threads this is
    /// a lower bound: the peak of both, less every thread created.
    public var mostAtOnce: Int?

    /// Creates a record.
    public init(
        tasksCreated: Int, aliveAtExit: Int, zombiesAtExit: Int, processesCreated: Int? = nil, mostAtOnce: Int? = nil
    ) {
        self.tasksCreated = tasksCreated
        self.aliveAtExit = aliveAtExit
        self.zombiesAtExit = zombiesAtExit
        self.processesCreated = processesCreated
        self.mostAtOnce = mostAtOnce
    }

    /// Threads created during the run, where processes were recorded.
    public var threadsCreated: Int? { processesCreated.map { max(0, tasksCreated - $0) } }
}
