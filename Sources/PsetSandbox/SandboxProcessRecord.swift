/// The processes of a run as they stood when its main program ended, before teardown killed the rest.
public struct SandboxProcessRecord: Sendable, Hashable, Codable {
    /// Processes and threads created during the run, the main program included.
    public var tasksCreated: Int
    /// Processes other than the main program still running when it ended (children, daemons).
    public var aliveAtExit: Int
    /// Processes that had exited but were never waited for when the main program ended.
    public var zombiesAtExit: Int

    /// Creates a record.
    public init(tasksCreated: Int, aliveAtExit: Int, zombiesAtExit: Int) {
        self.tasksCreated = tasksCreated
        self.aliveAtExit = aliveAtExit
        self.zombiesAtExit = zombiesAtExit
    }
}
