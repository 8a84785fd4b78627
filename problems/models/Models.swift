import PsetModel

extension Bank {
    /// Week 3: user-level and kernel threads, and the models that map one onto the other.
    static let models = ProblemSet("models") {
        Title("User threads, kernel threads and threading models")
        Due("2026-12-25T23:59:00Z")
        Weight(1)

        // MARK: User-space threads

        SingleChoice("models/user-blocking-call") {
            Title("One user thread blocks")
            Topics(.userThreads, .threadingModels)
            Points(1)
            Prompt(
                """
                A process uses a purely user-level thread library (many-to-one). One of its threads calls `read` on \
                a socket that has no data yet, and the kernel blocks the call. What happens to the process's other \
                threads?
                """)
            Choice("a", "They keep running on the other cores while that one thread waits")
            Choice("b", "The library notices and switches to another thread until the data arrives")
            Choice("c", "They all stop: the whole process is blocked until `read` returns", correct: true)
            Choice("d", "The kernel creates a new kernel thread so that they can continue")
            Explanation(
                """
                The kernel sees one process with one thread of execution; it knows nothing of the user threads \
                inside. When that single kernel-visible thread blocks in a system call, the whole process is put \
                to sleep, and the library — which runs only when the process runs — cannot switch to another user \
                thread. That is the classic weakness of the many-to-one model (libraries work around it with \
                non-blocking I/O wrappers). Blocking *inside the library*, say on one of its mutexes, is different: \
                the library simply switches to another user thread. One-to-one and many-to-many avoid the problem \
                because other kernel threads remain runnable.
                """)
        }

        TrueFalse("models/user-kernel-unaware") {
            Title("Does the kernel see user threads?")
            Topics(.userThreads)
            Points(1)
            Prompt(
                """
                True or false: with a purely user-level thread library, the kernel's scheduler knows how many \
                threads the process has and gives each of them its own time slice.
                """)
            Answer(false)
            Explanation(
                """
                False. User-level threads exist only inside the library's data structures in the process's memory; \
                the OS sees and schedules just the process. Which user thread runs during the process's time slice \
                is the library's decision, usually made cooperatively when a thread yields or calls into the \
                library. A process with 100 user threads gets no more CPU than one with a single thread.
                """)
        }

        MultipleSelect("models/user-properties") {
            Title("Properties of user-level threads")
            Topics(.userThreads)
            Points(2)
            PartialCredit()
            Prompt("Which statements about user-level threads are true? Select all that apply.")
            Choice("a", "Switching between them needs no trap into the kernel, so it is very fast", correct: true)
            Choice(
                "b", "They are usually scheduled cooperatively: a thread runs until it yields to the library",
                correct: true)
            Choice(
                "c", "A thread looping without ever yielding can starve the other threads of its process", correct: true
            )
            Choice("d", "Under many-to-one, two of them can run in parallel on two cores")
            Choice("e", "The kernel preempts them when their time slice expires")
            Explanation(
                """
                A user-level switch is a function call that swaps registers and stacks, so it costs far less than a \
                kernel context switch. The library usually schedules cooperatively: threads give up the CPU to each \
                other voluntarily, so one that never yields keeps the others from running. Since the kernel sees \
                only one schedulable entity, it can neither preempt one user thread in favour of another nor run \
                two of them on two cores at the same time.
                """)
        }

        ShortText("models/user-fiber") {
            Title("Another name for a user thread")
            Topics(.userThreads)
            Points(1)
            Prompt(
                """
                What name, also used by the Windows API, do the notes give to a user-space thread that the \
                application schedules itself, cooperatively?
                """)
            Accept("fiber")
            Accept(pattern: "fib(er|re)s?", example: "fibre")
            Explanation(
                """
                A *fiber*. Windows offers fibers (`ConvertThreadToFiber`, `CreateFiber`, `SwitchToFiber`) as \
                user-scheduled threads that run inside a kernel thread, and the word is used in the same sense in \
                other languages and libraries; "green threads" and "coroutines" are related names. The defining \
                trait: the kernel does not know they exist, and they switch only when the program says so.
                """)
        }

        // MARK: Kernel threads

        SingleChoice("models/kernel-scheduling-unit") {
            Title("What the kernel schedules")
            Topics(.kernelThreads)
            Points(1)
            Prompt(
                """
                With kernel threads, as on Linux, Windows and macOS, what does the OS scheduler choose between when \
                it picks what runs next on a core?
                """)
            Choice("a", "Processes; each process then runs its threads in turn")
            Choice(
                "b", "Individual threads, so threads of one process can run on different cores at once", correct: true)
            Choice("c", "Nothing: the thread library inside each process decides")
            Choice("d", "Only the main thread of each process")
            Explanation(
                """
                Kernel threads are known to the OS, which schedules at the granularity of threads: each has its own \
                entry in the kernel (on Linux, a task of its own) with its own state and priority. Threads of one \
                process therefore run truly in parallel on a multicore machine, and one blocking does not stop the \
                others. Choosing among threads inside a process is what a user-level library does.
                """)
        }

        TrueFalse("models/kernel-block-one") {
            Title("One kernel thread blocks")
            Topics(.kernelThreads)
            Points(1)
            Prompt(
                """
                True or false: when a program uses kernel threads, one thread blocking in a `read` system call does \
                not stop the other threads of the same process from running.
                """)
            Answer(true)
            Explanation(
                """
                True. Each kernel thread is scheduled separately: the blocked thread sleeps, and the scheduler keeps \
                running the process's other runnable threads. This is exactly what a many-to-one user-level library \
                cannot offer, and why blocking I/O in one thread per connection is a workable design with kernel \
                threads.
                """)
        }

        SingleChoice("models/kernel-cost") {
            Title("The price of kernel threads")
            Topics(.kernelThreads, .userThreads)
            Points(1)
            Prompt("Compared with user-level threads, what is the main drawback of kernel threads?")
            Choice(
                "a",
                "Creating, switching and blocking them involves the kernel (system calls, mode switches), so it costs more",
                correct: true)
            Choice("b", "Two of them cannot run in parallel on a multicore machine")
            Choice("c", "When one blocks in a system call, all threads of the process block")
            Choice("d", "The kernel cannot see them, so it cannot schedule them fairly")
            Explanation(
                """
                Because the kernel manages them, creating a kernel thread is a system call, every switch goes \
                through the kernel, and each thread holds kernel resources (a kernel stack, a scheduling entry), so \
                they are slower and heavier than user-level threads. In return they get what user-level threads \
                lack: parallelism on several cores and independent blocking. The other choices describe user-level \
                threads under many-to-one.
                """)
        }

        ShortText("models/kernel-clone") {
            Title("How Linux creates a thread")
            Topics(.kernelThreads, .pthreads)
            Points(2)
            Prompt(
                """
                On Linux, `pthread_create` creates a new kernel-scheduled task that shares the caller's address \
                space, open files and signal handlers. Which system call does glibc use for that (the same call, \
                with other flags, can also create a new process)?
                """)
            Accept("clone")
            Accept(pattern: "(sys_)?clone3?", example: "clone3")
            Explanation(
                """
                `clone` (or its newer form `clone3`). Linux has one kind of schedulable task; flags such as \
                `CLONE_VM`, `CLONE_FILES`, `CLONE_SIGHAND` and `CLONE_THREAD` say what the new task shares with \
                its creator. Sharing everything gives a thread of the same process; sharing nothing (copy-on-write \
                memory) gives what `fork` produces. That is the one-to-one model: each pthread is one kernel task.
                """)
        }

        // MARK: Threading models

        SingleChoice("models/model-linux-windows") {
            Title("The model Linux and Windows use")
            Topics(.threadingModels, .kernelThreads)
            Points(1)
            Prompt("Which mapping of user threads to kernel threads do Linux (glibc's NPTL) and Windows use?")
            Choice("a", "Many-to-one")
            Choice("b", "One-to-one", correct: true)
            Choice("c", "Many-to-many")
            Choice("d", "One-to-many: each user thread is spread over several kernel threads")
            Explanation(
                """
                One-to-one: every thread the program creates is backed by its own kernel thread. It gives full \
                parallelism and independent blocking with a simple implementation, and thread creation and \
                switching in modern kernels are cheap enough that the extra cost is acceptable. Many-to-many was \
                tried (older Solaris, NetBSD) and dropped because coordinating two schedulers proved complex. \
                "One-to-many" is not a threading model.
                """)
        }

        Numeric("models/model-many-to-one-parallel") { params in
            let threads = params.pick("threads", from: [6, 8, 12, 16])
            let cores = params.pick("cores", from: [2, 4, 8])
            Title("Parallelism under many-to-one")
            Topics(.threadingModels, .userThreads)
            Points(1)
            Prompt(
                """
                A process creates \(threads) CPU-bound user threads with a many-to-one library, on a machine with \
                \(cores) idle cores. At most how many of the \(threads) threads can be executing at the same instant?
                """)
            Answer(1)
            Explanation(
                """
                One. All \(threads) user threads are multiplexed onto a single kernel thread, and a kernel thread \
                runs on one core at a time, so the other \(cores - 1) core\(cores == 2 ? "" : "s") cannot help this \
                process at all. With one-to-one the answer would be \(min(threads, cores)) (one per core), and with \
                many-to-many up to the number of kernel threads the library uses, at most \(cores).
                """)
        }

        Numeric("models/model-parallel-count") { params in
            let model = params.pick("model", from: ["one-to-one", "many-to-many"])
            let threads = params.pick("threads", from: [3, 6, 12])
            let cores = params.pick("cores", from: [2, 4, 8])
            let kernelThreads = model == "many-to-many" ? params.int("kernel-threads", in: 2...6) : threads
            let running = min(threads, kernelThreads, cores)
            let mapping =
                model == "one-to-one"
                ? "a one-to-one library (each user thread has a kernel thread of its own)"
                : "a many-to-many library that runs them on a pool of \(kernelThreads) kernel threads"
            Title("Threads running at once")
            Topics(.threadingModels, .kernelThreads)
            Points(2)
            Prompt(
                """
                A process creates \(threads) CPU-bound user threads with \(mapping), on a machine with \(cores) \
                idle cores and nothing else to run. At most how many of the \(threads) threads can be executing at \
                the same instant?
                """)
            Answer(running)
            Explanation(
                """
                \(running). A user thread executes only while a kernel thread runs it, and a kernel thread runs on \
                one core at a time, so three limits apply at once: the \(threads) threads there are, the \
                \(kernelThreads) kernel threads carrying them, and the \(cores) cores. The smallest wins: \
                min(\(threads), \(kernelThreads), \(cores)) = \(running). Under many-to-one the answer would be 1 \
                whatever the machine, because a single kernel thread carries every user thread.
                """)
        }

        MultipleSelect("models/model-many-to-many") {
            Title("The many-to-many model")
            Topics(.threadingModels)
            Points(2)
            PartialCredit()
            Prompt("Which statements about the many-to-many model are true? Select all that apply.")
            Choice(
                "a", "It multiplexes many user threads onto a smaller or equal number of kernel threads", correct: true)
            Choice(
                "b", "When one user thread blocks in a system call, others can run on the remaining kernel threads",
                correct: true)
            Choice("c", "User threads of one process can run in parallel on several cores", correct: true)
            Choice("d", "It needs one kernel thread for every user thread")
            Choice("e", "It is simpler to implement than one-to-one")
            Explanation(
                """
                Many-to-many puts many user threads on a pool of kernel threads: creating user threads stays cheap, \
                yet the process gets parallelism up to the pool size, and a blocking call ties up only one kernel \
                thread. One kernel thread per user thread is one-to-one. Its weakness is complexity: the user-level \
                scheduler and the kernel scheduler must cooperate, which is why Linux and Windows chose one-to-one.
                """)
        }

        SingleChoice("models/model-one-to-one-cost") {
            Title("The cost of one-to-one")
            Topics(.threadingModels)
            Points(1)
            Prompt("What is the main drawback of the one-to-one model?")
            Choice("a", "The kernel is unaware of the threads")
            Choice("b", "When one thread blocks in a system call, the whole process blocks")
            Choice("c", "Threads of one process cannot run on different cores at the same time")
            Choice(
                "d", "Every user thread needs a kernel thread, so each thread costs kernel resources and creation time",
                correct: true)
            Explanation(
                """
                Each thread the program creates is a kernel thread: creation is a system call and each one uses \
                kernel memory, so a program cannot cheaply create hundreds of thousands of them (systems cap the \
                number of threads). Its advantages are exactly the other three choices reversed: independent \
                blocking, true parallelism, and a kernel that sees and schedules every thread.
                """)
        }

        TrueFalse("models/model-pthreads-any") {
            Title("Pthreads and the models")
            Topics(.threadingModels, .threadLibraries)
            Points(1)
            Prompt(
                """
                True or false: a program written against the Pthreads API always runs its threads one-to-one on \
                kernel threads, whatever system it is built on.
                """)
            Answer(false)
            Explanation(
                """
                False. Pthreads specifies behaviour, not implementation: the same source can run on a user-level \
                (many-to-one) library, a many-to-many one (older Solaris), or one-to-one kernel threads (Linux's \
                NPTL, macOS). What changes is performance and whether a blocking call stalls the other threads — \
                which is why portable code should not assume that threads run in parallel.
                """)
        }
    }
}
