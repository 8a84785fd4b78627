import PsetModel

extension Bank {
    /// Week 2: threads, thread safety and the pthreads API.
    static let threads = ProblemSet("threads") {
        Title("Threads and synchronisation")
        Due("2026-12-18T23:59:00Z")
        Weight(1)

        threadsTasks

        MultipleSelect("threads/what-is-shared") {
            Title("What threads of one process share")
            Topics(.processesVsThreads, .threadSafety)
            Points(1)
            Prompt("Which of these do two threads of the same process share? Select all that apply.")
            Choice("a", "Global variables", correct: true)
            Choice("b", "Objects allocated on the heap with `malloc`", correct: true)
            Choice("c", "Local (automatic) variables of the functions each thread is running")
            Choice("d", "`static` variables declared inside a function", correct: true)
            Choice("e", "The register set, including the stack pointer")
            Explanation(
                """
                Threads share one address space: globals, `static` variables (even those declared inside a \
                function) and the heap are visible to all of them, which is why unprotected use of any of them is \
                not thread-safe. Each thread has its own stack and registers, so a function's local variables are \
                private to the thread running it — unless a pointer to one is handed to another thread.
                """)
        }
    }
}
