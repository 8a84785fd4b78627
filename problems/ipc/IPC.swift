import PsetModel

extension Bank {
    /// Week 1: signals, pipes, sockets, fork and copy-on-write, System V shared memory.
    static let ipc = ProblemSet("ipc") {
        Title("Inter-process communication")
        Due("2026-12-11T23:59:00Z")
        Weight(1)

        ipcTasks

        SingleChoice("ipc/shmget-vs-shmat") {
            Title("Creating versus attaching a segment")
            Topics(.sharedMemory)
            Points(1)
            Prompt(
                """
                A process has just called `shmget` and received a valid `shmid`. What must it do before it can \
                read or write the segment through a pointer?
                """)
            Choice("a", "Nothing: `shmget` returns a pointer to the segment")
            Choice("b", "Call `shmat(shmid, NULL, 0)` to map the segment into its address space", correct: true)
            Choice("c", "Call `shmctl(shmid, IPC_RMID, NULL)` to bind it")
            Choice("d", "Call `fork()`, because only a child can use a segment its parent created")
            Explanation(
                """
                `shmget` only creates (or finds) the segment and returns its identifier. `shmat` attaches it — \
                "binds" it — to the caller's address space and returns the address to use; reads and writes then \
                go through that pointer. `shmctl` with `IPC_RMID` marks the segment for removal.
                """)
        }
    }
}
