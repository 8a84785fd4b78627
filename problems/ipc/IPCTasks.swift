import PsetModel

extension Bank {
    /// The coding tasks of the IPC set, each declared in a file of its own beside this one.
    static let ipcTasks: [CodingProblem] = [
        pipePingPong, sharedMemorySum, sigchldReaper, socketMessages, forkCopyOnWrite,
    ]
}
