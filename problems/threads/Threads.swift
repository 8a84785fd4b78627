import PsetModel

extension Bank {
    /// Week 2: threads, thread safety and the pthreads API.
    static let threads = ProblemSet("threads") {
        Title("Threads and synchronisation")
        Due("2026-12-18T23:59:00Z")
        Weight(1)

        threadsTasks

        // MARK: Why threads

        SingleChoice("threads/why-cheap-switch") {
            Title("Why a thread switch is cheaper")
            Topics(.whyThreads)
            Points(1)
            Prompt(
                """
                Why is switching the CPU between two threads of the same process cheaper than switching it between \
                two processes?
                """)
            Choice("a", "A thread's registers and program counter do not need to be saved")
            Choice(
                "b",
                "Both threads use the same address space, so the memory-management state stays and the TLB is not flushed",
                correct: true)
            Choice("c", "Threads are never preempted, so they only switch when they choose to")
            Choice("d", "The kernel is never involved: the thread library always switches threads in user space")
            Explanation(
                """
                A process switch changes address spaces: the kernel loads the new process's page tables (on simple \
                machines, base and limit registers), and the TLB's cached translations of the old process become \
                useless, so it is flushed (or, on CPUs with tagged TLBs, at least goes cold). Threads of one \
                process share the address space, so none of that happens. Registers, the program counter and the \
                stack pointer *are* still saved and restored — each thread has its own. And kernel threads are \
                preempted and switched by the kernel like processes; only user-level threads switch without it. \
                (The notes cite Solaris — Sun's Unix, not a Linux — where a process switch was about 5 times \
                slower.)
                """)
        }

        MultipleSelect("threads/why-benefits") {
            Title("What threads buy you")
            Topics(.whyThreads)
            Points(2)
            PartialCredit()
            Prompt(
                """
                Compared with running the same work as several cooperating processes, which are real advantages of \
                running it as several threads of one process? Select all that apply.
                """)
            Choice("a", "Less memory: code, global data and heap are shared, not duplicated per worker", correct: true)
            Choice("b", "Workers exchange data through shared memory without a system call per message", correct: true)
            Choice("c", "Creating a worker and switching between workers is cheaper", correct: true)
            Choice("d", "A crash in one worker cannot affect the others")
            Choice("e", "No synchronisation is needed, because the workers share memory")
            Explanation(
                """
                Threads share one address space and one set of process resources: there is one copy of the code, \
                data and heap and one PCB, so thousands of threads fit where thousands of processes would not, and \
                creation and context switches are cheaper. Communication is just reading and writing the same \
                memory. The claims about crashes and synchronisation have it backwards: sharing the address space \
                means a crash in one thread takes down the whole process, and shared data *needs* synchronisation \
                to be thread-safe.
                """)
        }

        TrueFalse("threads/why-shm-comparable") {
            Title("Shared memory between processes")
            Topics(.whyThreads, .sharedMemory)
            Points(1)
            Prompt(
                """
                True or false: once two processes have attached the same shared memory segment, exchanging data \
                through it can be about as fast as exchanging data between two threads.
                """)
            Answer(true)
            Explanation(
                """
                True. After `shmget` and `shmat` (system calls paid once), each exchange is an ordinary load or \
                store on the same physical memory — just what two threads do with a global variable. What makes \
                inter-process communication slow is *message passing*: a pipe or socket needs a system call and a \
                copy through the kernel for every message. The processes still need synchronisation, exactly as \
                threads do.
                """)
        }

        SingleChoice("threads/why-sequential-work") { params in
            let cores = params.pick("threads", from: [2, 4, 8])
            Title("When threads do not help")
            Topics(.whyThreads, .processesVsThreads)
            Points(1)
            Prompt(
                """
                A program's work is one chain of steps, each of which needs the previous step's result. It is \
                rewritten to spread the steps over \(cores) threads on an idle \(cores)-core machine. What does it \
                gain?
                """)
            Choice("a", "About \(cores) times the speed, one core per thread")
            Choice("b", "Somewhat less than \(cores) times the speed, because of the synchronisation overhead")
            Choice(
                "c", "Essentially nothing: each step must wait for the one before, so only one thread works at a time",
                correct: true)
            Choice("d", "Fault isolation: if one step crashes, the others still finish")
            Explanation(
                """
                Threads speed up work that can proceed at the same time. Here every step depends on the previous \
                one, so at any moment only one of the \(cores) threads has something to do and the \
                \(cores == 2 ? "other waits" : "others wait"); the hand-offs even add cost. This is the notes' first reason why processes (single-threaded ones) are \
                still used: some tasks are sequential by nature. And threads never give fault isolation — a crash \
                in one kills the whole process.
                """)
        }

        // MARK: Thread safety

        SingleChoice("threads/safety-counter-race") { params in
            let threads = params.int("threads", in: 2...4)
            let loops = params.pick("iterations", from: [100_000, 1_000_000, 5_000_000])
            let names = ["", "", "Two", "Three", "Four"]
            Title("Threads sharing one counter")
            Topics(.threadSafety)
            Points(1)
            Prompt(
                """
                \(names[threads]) threads each run this loop on a global `int counter = 0;`, with no lock:

                ```c
                for (int i = 0; i < \(loops); i++)
                    counter++;
                ```

                After all of them are joined, what can be said about `counter`?
                """)
            Choice(
                "a",
                "It is always \(threads * loops), because `counter++` compiles to a single instruction that cannot be split"
            )
            Choice("b", "It is always \(loops), because each thread works on its own copy of a global")
            Choice(
                "c",
                "It can be less than \(threads * loops) and differ from run to run, because increments can be lost",
                correct: true)
            Choice("d", "The program always crashes, because several threads wrote the same variable")
            Explanation(
                """
                `counter++` is a read, an add and a write. If two threads read the same old value before either \
                writes, both write old+1 and one increment is lost, so the total is usually below \
                \(threads * loops) and changes from run to run. Globals are shared between threads, not copied \
                (that is what `fork` would do), and a data race rarely crashes — it silently gives wrong answers, \
                which is what makes it dangerous. A mutex around the increment (or an atomic increment) fixes it.
                """)
        }

        Numeric("threads/safety-smallest-result") { params in
            let threads = params.int("threads", in: 2...4)
            let increments = params.int("increments", in: 1...3)
            let others =
                threads == 2
                ? "T2 does all its increments but the last"
                : "T3 to T\(threads) do all their increments and T2 all but its last"
            let rest = increments == 2 ? "its other increment" : "its other \(increments - 1) increments"
            Title("The smallest possible total")
            Topics(.threadSafety)
            Points(2)
            Prompt(
                """
                A global `int x = 0;` is shared by \(threads) threads, and each thread runs, with no lock,

                ```c
                for (int i = 0; i < \(increments); i++)
                    x++;
                ```

                Assume each `x++` is a separate load, add and store, and the threads may interleave at any point \
                between them. After all threads finish, what is the **smallest** value `x` can hold?
                """)
            if increments == 1 {
                Answer(1)
                Explanation(
                    """
                    1. Each thread increments once, so all \(threads) can load 0 before any of them stores; each \
                    then stores 1. It cannot be 0: at least one store happens, and every store writes at least 1, \
                    the value it loaded plus one. \(threads) is only the lucky case where the increments do not \
                    overlap.
                    """)
            } else {
                Answer(2)
                Explanation(
                    """
                    2. It can be: T1 loads 0; \(others), stopping just before its last load; T1 stores 1; T2 \
                    loads 1 for its last increment; T1 does \(rest) completely; T2 stores 2, last of all. \
                    It cannot be 1: the final value is the last store, made by some thread in its last increment \
                    after loading a value that a store wrote (its own earlier store, or another thread's), and \
                    every store writes at least 1, so the last store writes at least 2. Answering 1 forgets that a \
                    thread's later increments read memory after its own first store; \(threads * increments) is \
                    only the lucky case.
                    """)
            }
        }

        TrueFalse("threads/safety-locals-only") {
            Title("A function that uses only locals")
            Topics(.threadSafety)
            Points(1)
            Prompt(
                """
                True or false: a function that uses only its parameters (passed by value) and its local variables \
                — no globals, no `static` variables, no pointers to shared data — is thread-safe, even when many \
                threads call it at the same time.
                """)
            Answer(true)
            Explanation(
                """
                True. Each thread has its own stack, so each call has its own parameters and locals; threads running \
                the same code at once touch disjoint memory. This is why the notes advise avoiding globals: \
                unprotected use of globals, `static` variables and heap data reached through shared pointers is \
                what is not thread-safe. (Such a function is also *reentrant*.)
                """)
        }

        SingleChoice("threads/safety-static-buffer") {
            Title("A function with a static buffer")
            Topics(.threadSafety)
            Points(1)
            Prompt(
                """
                Many threads call this function. What is wrong with it?

                ```c
                char *format_id(int id) {
                    static char buf[16];
                    snprintf(buf, sizeof buf, "id-%d", id);
                    return buf;
                }
                ```
                """)
            Choice("a", "Nothing: `buf` is declared inside the function, so each call has its own")
            Choice(
                "b",
                "All threads share the one `buf`; another thread can overwrite it before the caller has used it",
                correct: true)
            Choice("c", "Only that `snprintf` itself is not thread-safe")
            Choice("d", "Returning a pointer to `buf` is a dangling pointer once the function returns")
            Explanation(
                """
                A `static` local has a single instance for the whole process, exactly like a global; only its name \
                is local. Two threads calling `format_id` at once write into the same array, and a caller can read \
                the other thread's text. Because it is `static`, the pointer does stay valid after return — the \
                problem is sharing, not lifetime. `snprintf` is thread-safe. The fix is the `_r` pattern of the C \
                library (`strtok_r`, `ctime_r`): let the caller pass its own buffer.
                """)
        }

        // MARK: Processes versus threads

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

        SingleChoice("threads/pvt-segfault") {
            Title("One thread dereferences NULL")
            Topics(.processesVsThreads)
            Points(1)
            Prompt(
                """
                A program runs eight threads. One of them dereferences a NULL pointer, and the program has no \
                handler for `SIGSEGV`. What happens?
                """)
            Choice("a", "Only the faulting thread is terminated; the other seven carry on")
            Choice("b", "The kernel restarts the faulting thread from its start routine")
            Choice("c", "The other threads are notified and can decide whether to continue")
            Choice("d", "The whole process, all eight threads, is killed", correct: true)
            Explanation(
                """
                The default action of `SIGSEGV` terminates the *process*, and every thread dies with it. There is \
                no fault isolation between threads: they share one address space, so a wild write by one could \
                already have corrupted the others' data anyway. That is a main reason to use separate processes for \
                parts that must survive each other's failures — a crashing process leaves others running.
                """)
        }

        TrueFalse("threads/pvt-crashed-process") {
            Title("Can a crashed process hurt others?")
            Topics(.processesVsThreads, .sharedMemory)
            Points(1)
            Prompt(
                """
                True or false: because each process has its own address space, a process that crashes can never \
                affect the other processes it was working with.
                """)
            Answer(false)
            Explanation(
                """
                False — that is the notes' caveat. Separate address spaces stop a crash from corrupting another \
                process's memory, but a process can die while holding a lock others wait for (a semaphore in \
                shared memory stays taken forever), halfway through updating shared memory, or in the middle of \
                writing a shared file. The kernel uses the PCB to reclaim what it knows about — memory, open \
                descriptors, and, with `SEM_UNDO`, System V semaphore adjustments — but it cannot repair \
                application data. Process isolation is much better than none, not perfect.
                """)
        }

        MultipleSelect("threads/pvt-why-processes") {
            Title("Why processes are still used")
            Topics(.processesVsThreads)
            Points(2)
            PartialCredit()
            Prompt(
                "Threads are cheaper, so why do programs still use several processes? Select all valid reasons.")
            Choice("a", "Fault isolation: one process crashing leaves the others running", correct: true)
            Choice(
                "b",
                "Each process has its own data and heap, so its code need not be thread-safe or reentrant",
                correct: true)
            Choice(
                "c", "Some tasks are sequential by nature and gain nothing from being split into threads", correct: true
            )
            Choice("d", "Creating a process is cheaper than creating a thread")
            Choice("e", "Processes share their global variables by default, which makes communication easier")
            Explanation(
                """
                The notes give exactly these reasons: isolation (a bug in one thread bleeds into the others, a \
                crashed process mostly does not), avoiding the difficulty of thread-safe code, and work that is \
                inherently sequential. The distractors reverse the facts: process creation is the *more* expensive \
                one, and processes share nothing by default — that is why they need IPC.
                """)
        }

        Numeric("threads/pvt-thread-sees-write") { params in
            let start = params.int("x", in: 5...40)
            let added = params.int("added", in: 2...9)
            Title("A thread's write to a global")
            Topics(.processesVsThreads, .pthreads)
            Points(1)
            Prompt(
                """
                What does this program print? (Compare with the same change made by a child after `fork`.)

                ```c
                int x = \(start);

                void *work(void *arg) {
                    x += \(added);
                    return NULL;
                }

                int main(void) {
                    pthread_t t;
                    pthread_create(&t, NULL, work, NULL);
                    pthread_join(t, NULL);
                    printf("%d\\n", x);
                    return 0;
                }
                ```
                """)
            Answer(start + added)
            Explanation(
                """
                \(start + added). The thread runs in the same address space as `main`, so there is only one `x`, \
                and the write is visible to `main`. `pthread_join` both waits for the thread and guarantees its \
                writes are seen afterwards, so this is not a race. A child created with `fork` would instead change \
                its own copy-on-write copy, and the parent would print \(start).
                """)
        }

        SingleChoice("threads/pvt-signal-delivery") { params in
            let threads = params.int("threads", in: 3...8)
            Title("A signal sent to a multithreaded process")
            Topics(.processesVsThreads, .signals)
            Points(2)
            Prompt(
                """
                Another process calls `kill(pid, SIGUSR1)` on a process that runs \(threads) threads and has \
                installed a handler for `SIGUSR1`. None of the threads blocks `SIGUSR1`. Which thread runs the \
                handler?
                """)
            Choice(
                "a", "One of the \(threads), whichever the kernel picks among those not blocking the signal",
                correct: true)
            Choice("b", "All \(threads), each running the handler once")
            Choice("c", "Always the main thread, the one that started `main`")
            Choice("d", "The thread that called `signal` or `sigaction` to install the handler")
            Explanation(
                """
                Handlers are per process — one table shared by all threads — but a signal sent to the process is \
                delivered once, to a single thread that does not block it, and any such thread may be chosen. That \
                is why signals in threaded programs are tricky: the handler can interrupt any thread, in the middle \
                of anything. The usual remedy is to block the signal in every thread (set the mask in `main` before \
                creating threads, which inherit it) and let one dedicated thread receive it with `sigwait`. A \
                signal aimed at one thread with `pthread_kill`, or caused by a thread's own fault such as \
                `SIGSEGV`, goes to that thread.
                """)
        }

        // MARK: Applications

        SingleChoice("threads/app-browser") {
            Title("A browser made of processes")
            Topics(.applications, .processesVsThreads)
            Points(1)
            Prompt(
                """
                Modern web browsers render web pages in several separate processes, and each of those processes \
                runs many threads. Why separate processes for the pages rather than threads of one process?
                """)
            Choice("a", "A page that crashes or is compromised cannot bring down or read the others", correct: true)
            Choice("b", "A process can have only one thread, so each page needs its own")
            Choice("c", "Processes are cheaper to create and switch than threads")
            Choice("d", "Threads cannot run JavaScript")
            Explanation(
                """
                Separate address spaces give fault isolation (a crashing page shows an error instead of closing \
                the browser) and security isolation (one site's code cannot read another's memory). Inside each \
                process, threads share that process's data cheaply — one for the UI or scripting, others for \
                networking, decoding, compositing. An application is thus many processes, each of many threads; \
                processes cost *more* than threads, and the isolation is what that cost buys.
                """)
        }

        TrueFalse("threads/app-one-process") {
            Title("Is an application one process?")
            Topics(.applications)
            Points(1)
            Prompt(
                """
                True or false: an application is always exactly one process, so to do several things at once it \
                must use threads.
                """)
            Answer(false)
            Explanation(
                """
                False. An application can consist of several processes, each dedicated to one task — the user \
                interface, computation, communication — cooperating through IPC, and each of those processes can \
                have several threads. Choosing the split is a design decision: processes where isolation matters, \
                threads where cheap sharing matters.
                """)
        }

        MultipleSelect("threads/app-design") {
            Title("Designing a multi-process application")
            Topics(.applications)
            Points(2)
            Prompt(
                """
                An application has a user interface, a heavy computation and a network component, and runs each \
                in its own process. Which statements are true? Select all that apply.
                """)
            Choice("a", "The processes must use IPC (pipes, sockets, shared memory) to exchange data", correct: true)
            Choice("b", "Each of the processes may itself run several threads", correct: true)
            Choice(
                "c", "If the computation process crashes, the interface process can keep running and report it",
                correct: true)
            Choice("d", "The three processes can read and write each other's global variables directly")
            Choice("e", "The processes may not use threads, since the application already runs in parallel")
            Explanation(
                """
                Dedicating a process to each job gives isolation — the interface survives a crash of the \
                computation — at the price of explicit communication: separate address spaces mean no shared \
                globals, so data moves by IPC. Nothing stops each process from being multithreaded as well, e.g. a \
                computation process with one worker thread per core: processes and threads combine.
                """)
        }

        SingleChoice("threads/app-web-server") {
            Title("A server with thousands of clients")
            Topics(.applications, .whyThreads)
            Points(1)
            Prompt(
                """
                A web server must handle thousands of simultaneous connections. Following the notes, why does \
                handling each connection in a thread scale better than handling each in a separate process?
                """)
            Choice("a", "A crash while handling one connection cannot affect the others")
            Choice("b", "Threads never block on the network, so fewer of them are needed")
            Choice("c", "Only threads can use sockets")
            Choice(
                "d",
                "Threads share code, data and heap and need no PCB and address space each, so they cost far less",
                correct: true)
            Explanation(
                """
                A process per connection duplicates the address space and the PCB for every client, and switching \
                between clients switches address spaces. Threads share all of that, so far more fit in memory and \
                switches are cheaper — the scalability argument for threads. Threads do block on the network (that \
                is why one thread per connection is used), processes can use sockets just as well, and isolation \
                is the one thing the threaded server gives up.
                """)
        }

        // MARK: Thread libraries

        SingleChoice("threads/lib-pthreads-is") {
            Title("What Pthreads is")
            Topics(.threadLibraries, .pthreads)
            Points(1)
            Prompt("What is Pthreads?")
            Choice(
                "a",
                "A POSIX standard API (IEEE 1003.1c): it specifies behaviour; a library may implement it with user or kernel threads",
                correct: true)
            Choice("b", "The thread subsystem of the Linux kernel")
            Choice("c", "A library that always implements threads entirely in user space")
            Choice("d", "The native thread API of Windows")
            Explanation(
                """
                Pthreads is a *specification*: it says what `pthread_create`, `pthread_mutex_lock` and friends must \
                do, not how. Early implementations ran entirely in user space; today's Linux implementation (NPTL \
                in glibc) maps each pthread to a kernel thread. Windows' native API is the Win32 thread library, \
                which is kernel-level.
                """)
        }

        MultipleSelect("threads/lib-facts") {
            Title("Thread libraries in use")
            Topics(.threadLibraries)
            Points(2)
            PartialCredit()
            Prompt("Which statements about today's main thread libraries are true? Select all that apply.")
            Choice("a", "The Win32 thread library is a kernel-level library", correct: true)
            Choice(
                "b", "Java threads are managed by the JVM, which typically maps them to the OS's own threads",
                correct: true)
            Choice("c", "On Linux with glibc, each pthread is a thread the kernel schedules", correct: true)
            Choice("d", "Pthreads can only be implemented inside the kernel")
            Choice("e", "Java threads always run as green threads the OS cannot see")
            Explanation(
                """
                A thread library is either entirely in user space or a kernel-level library backed by the OS. \
                Win32 is kernel-level, and Linux's NPTL implements Pthreads with one kernel thread per pthread — \
                but the Pthreads standard allows user-level implementations too. Java threads are created through \
                the JVM, which implements them on the host OS's thread model (one OS thread per Java thread on \
                Linux and Windows); the "green threads" of early JVMs are long gone, and Java 21's virtual threads \
                are an extra kind, scheduled by the JVM onto OS threads.
                """)
        }

        TrueFalse("threads/lib-user-no-syscall") {
            Title("Threads without system calls")
            Topics(.threadLibraries, .userThreads)
            Points(1)
            Prompt(
                """
                True or false: a thread library implemented entirely in user space can create a thread and switch \
                between threads without making any system call.
                """)
            Answer(true)
            Explanation(
                """
                True. Such a library keeps its threads' stacks and saved registers in the process's own memory; \
                creating a thread is allocating a stack and a descriptor, and switching is saving one set of \
                registers and loading another — function calls, no trap into the kernel. That is the speed \
                advantage of user-level threads. The price is that the kernel knows nothing about them.
                """)
        }

        ShortText("threads/lib-pthread-header") {
            Title("The Pthreads header")
            Topics(.threadLibraries, .pthreads)
            Points(1)
            Prompt("Which header file must a C program include to use `pthread_create`?")
            Accept("pthread.h")
            Accept(pattern: "#?\\s*(include\\s*)?<?pthread\\.h>?", example: "#include <pthread.h>")
            Explanation(
                """
                `<pthread.h>` declares the thread, mutex and condition-variable functions and types (`pthread_t`, \
                `pthread_mutex_t`, `pthread_cond_t`). Semaphores are declared separately, in `<semaphore.h>`, and \
                a program is built with `gcc -pthread`.
                """)
        }

        // MARK: The pthreads API

        SingleChoice("threads/pthread-loop-variable") { params in
            let workers = params.int("workers", in: 3...6)
            Title("Passing the loop variable")
            Topics(.pthreads, .threadSafety)
            Points(2)
            Prompt(
                """
                What is wrong with this program, which means to start workers 0 to \(workers - 1)?

                ```c
                void *worker(void *arg) {
                    int id = *(int *)arg;
                    printf("worker %d\\n", id);
                    return NULL;
                }

                int main(void) {
                    pthread_t t[\(workers)];
                    for (int i = 0; i < \(workers); i++)
                        pthread_create(&t[i], NULL, worker, &i);
                    for (int j = 0; j < \(workers); j++)
                        pthread_join(t[j], NULL);
                    return 0;
                }
                ```
                """)
            Choice("a", "Nothing: it prints workers 0 to \(workers - 1), in that order")
            Choice(
                "b",
                "Nothing wrong: each thread gets the value `i` had at its `pthread_create`; only the order of lines varies"
            )
            Choice(
                "c",
                "All threads get the address of the one `i`, which main keeps changing; ids may repeat or be skipped",
                correct: true)
            Choice("d", "It does not compile: the argument must be a `void *`, not an `int *`")
            Explanation(
                """
                `arg` is a pointer, and all \(workers) threads receive the same one: the address of `main`'s `i`. By \
                the time a thread dereferences it, `main` may have incremented `i` — or left the loop, ending `i`'s \
                lifetime — so output such as `worker 2`, `worker 2`, then `worker \(workers)` is possible, and the \
                unsynchronised read is a data race. Give each thread its own object that outlives it: `int \
                ids[\(workers)]` with `&ids[i]`, or a `malloc`ed argument the thread frees. An `int *` converts to \
                `void *` implicitly, so it compiles.
                """)
        }

        SingleChoice("threads/pthread-join-failure") {
            Title("When pthread_join fails")
            Topics(.pthreads)
            Points(1)
            Prompt("How does `pthread_join` report that it failed, for instance because the thread ID is invalid?")
            Choice("a", "It returns -1 and sets `errno`")
            Choice("b", "It returns some negative number")
            Choice("c", "It returns the value the thread passed to `pthread_exit`")
            Choice(
                "d", "It returns a positive error number such as `ESRCH` or `EDEADLK`, and 0 on success",
                correct: true)
            Explanation(
                """
                Like almost every Pthreads function, `pthread_join` returns 0 on success and the error number \
                itself on failure — `ESRCH` (no such thread), `EINVAL` (not joinable), `EDEADLK` (joining \
                yourself) — and does not set `errno`. So check `if ((err = pthread_join(t, NULL)) != 0)` and print \
                `strerror(err)`, not `perror`. The thread's result comes back through the second argument, a \
                `void **`, not through the return value. (The notes' "negative on failure" is a slip.)
                """)
        }

        SingleChoice("threads/pthread-return-local") {
            Title("Handing back a result")
            Topics(.pthreads)
            Points(1)
            Prompt(
                """
                A thread computes a `long` result that the thread which joins it must read through `pthread_join`. \
                Which way of handing it back is **wrong**?
                """)
            Choice("a", "`long r = ...; return &r;` where `r` is a local variable of the thread", correct: true)
            Choice("b", "`long *r = malloc(sizeof *r); *r = ...; pthread_exit(r);`, the joiner frees it")
            Choice("c", "Write it into a struct that the creator passed in as `arg` and that outlives the thread")
            Choice("d", "`long *r = malloc(sizeof *r); *r = ...; return r;`, the joiner frees it")
            Explanation(
                """
                A local lives on the thread's own stack, which is released when the thread ends, so the joiner \
                receives a dangling pointer. The result must outlive the thread: heap memory the joiner frees, or \
                memory the creator owns and passed in through `arg`. Returning from the start routine and calling \
                `pthread_exit` with the same pointer are equivalent; either way the joiner receives it in \
                `pthread_join(t, &result)`.
                """)
        }

        Numeric("threads/pthread-join-value") { params in
            let start = params.int("v", in: 3...9)
            let factor = params.int("factor", in: 2...5)
            let changed = start * factor
            Title("What join hands back")
            Topics(.pthreads)
            Points(2)
            Prompt(
                """
                What does this program print?

                ```c
                void *work(void *arg) {
                    int *p = arg;
                    *p = *p * \(factor);
                    return p;
                }

                int main(void) {
                    int v = \(start);
                    pthread_t t;
                    void *res;
                    pthread_create(&t, NULL, work, &v);
                    pthread_join(t, &res);
                    printf("%d\\n", *(int *)res + v);
                    return 0;
                }
                ```
                """)
            Answer(2 * changed)
            Explanation(
                """
                \(2 * changed). The thread gets a pointer to `main`'s `v`, changes `v` to \(changed) through it, and \
                returns that same pointer, which `pthread_join` stores in `res`. So `*(int *)res` is `v`, \
                \(changed), and \(changed) + \(changed) = \(2 * changed). Returning a pointer to `v` is fine here \
                because `v` belongs to `main`, which is still running — unlike a pointer to one of the thread's own \
                locals. The join also makes the thread's write visible to `main`.
                """)
        }

        TrueFalse("threads/pthread-main-returns") {
            Title("When main returns early")
            Topics(.pthreads)
            Points(1)
            Prompt(
                """
                True or false: if `main` returns while other threads are still running, those threads keep \
                running until they finish their work.
                """)
            Answer(false)
            Explanation(
                """
                False. Returning from `main` calls `exit`, which ends the whole process — every thread in it, \
                mid-work. So `main` joins its threads before returning. If `main` really wants to end only itself, \
                it calls `pthread_exit`, and the process lives on until its last thread ends.
                """)
        }

        MultipleSelect("threads/pthread-create-args") {
            Title("The arguments of pthread_create")
            Topics(.pthreads)
            Points(2)
            PartialCredit()
            Prompt(
                """
                About `pthread_create(&tid, attr, start_routine, arg)`, which statements are true? Select all that \
                apply.
                """)
            Choice("a", "The new thread's ID is stored through the first argument", correct: true)
            Choice("b", "Passing `NULL` as `attr` gives the new thread the default attributes", correct: true)
            Choice("c", "`start_routine` has the type `void *(*)(void *)`", correct: true)
            Choice("d", "Any number of arguments can be passed to `start_routine` after `arg`")
            Choice("e", "It returns the new thread's ID")
            Explanation(
                """
                The ID comes back through the `pthread_t *` first argument, and the function's return value is 0 or \
                an error number such as `EAGAIN`. `attr` set to `NULL` means default attributes (joinable, default \
                stack size). The start routine takes exactly one `void *` and returns a `void *`: to pass several \
                values, put them in a struct and pass its address — one that stays valid until the thread has \
                read it.
                """)
        }

        // MARK: Mutexes

        SingleChoice("threads/mutex-owner") {
            Title("Who may unlock a mutex")
            Topics(.mutexes, .semaphores)
            Points(1)
            Prompt(
                """
                Thread A locks a default pthread mutex `m`. Thread B, which never locked `m`, then calls \
                `pthread_mutex_unlock(&m)`. What does POSIX say?
                """)
            Choice(
                "a", "It unlocks `m`, and A loses the lock, just as any thread's `sem_post` releases a binary semaphore"
            )
            Choice("b", "B blocks until A unlocks `m`")
            Choice(
                "c",
                "It is an error: a mutex is owned by the thread that locked it, and only that thread may unlock it",
                correct: true)
            Choice("d", "It locks `m` a second time on B's behalf")
            Explanation(
                """
                A mutex has an owner — the thread that locked it — and only the owner may unlock it. For a default \
                mutex, unlocking from another thread is undefined behaviour (it may appear to work, which is worse); \
                an error-checking mutex returns `EPERM`. This is the key difference from a semaphore, which has \
                no owner: any thread may `sem_post`, which is why semaphores can signal between threads and mutexes \
                cannot.
                """)
        }

        TrueFalse("threads/mutex-relock") {
            Title("Locking a mutex twice")
            Topics(.mutexes)
            Points(1)
            Prompt(
                """
                True or false: a thread that already holds a default (non-recursive) pthread mutex can call \
                `pthread_mutex_lock` on it again and simply continue, since it already owns the lock.
                """)
            Answer(false)
            Explanation(
                """
                False. The second lock waits for the mutex to be released — by the very thread that is now waiting: \
                a self-deadlock (POSIX calls relocking a default mutex undefined; glibc's default mutex hangs). An \
                error-checking mutex returns `EDEADLK` instead, and only a mutex created with \
                `PTHREAD_MUTEX_RECURSIVE` counts nested locks. The usual cause is a locked function calling another \
                function that locks the same mutex.
                """)
        }

        MultipleSelect("threads/mutex-rules") {
            Title("Protecting shared data with a mutex")
            Topics(.mutexes, .threadSafety)
            Points(2)
            PartialCredit()
            Prompt("A mutex `m` protects a shared counter. Which statements are true? Select all that apply.")
            Choice("a", "Every access to the counter, reads included, must be made while holding `m`", correct: true)
            Choice(
                "b", "The critical section should be short; avoid slow I/O while holding `m`", correct: true)
            Choice(
                "c", "Unlocking `m` publishes the changes made under it to the next thread that locks `m`",
                correct: true)
            Choice("d", "It suffices that one of the two threads updating the counter takes `m`")
            Choice("e", "Two functions may each protect the counter with a different mutex of their own")
            Explanation(
                """
                A mutex only excludes threads that also lock it — the *same* mutex — so every access, on every \
                path, must take `m`; a reader without the lock can see a torn or stale value. Lock and unlock are \
                also memory barriers, which is what makes one thread's writes visible to the next owner. While \
                one thread holds `m`, all others wanting it wait, so keep critical sections short.
                """)
        }

        SingleChoice("threads/mutex-lock-order") {
            Title("Two mutexes, two orders")
            Topics(.mutexes)
            Points(1)
            Prompt(
                """
                Thread 1 locks mutex `a` then mutex `b`; thread 2 locks `b` then `a`; each unlocks both when done. \
                What can happen, and what is the standard fix?
                """)
            Choice("a", "Nothing bad: mutexes are fair, so each thread eventually gets both")
            Choice(
                "b", "Deadlock, each holding one and waiting for the other; fix: all threads lock in one global order",
                correct: true)
            Choice("c", "Deadlock, which the kernel detects and breaks by unlocking one mutex")
            Choice("d", "A data race on the mutexes themselves; fix: protect them with a third mutex")
            Explanation(
                """
                If thread 1 gets `a` while thread 2 gets `b`, each waits forever for the mutex the other holds: \
                a circular wait. Neither the kernel nor the Pthreads library breaks it. Making every thread \
                acquire mutexes in the same order (always `a` before `b`) makes a cycle impossible. Mutexes are \
                designed to be used concurrently — locking them is not a race.
                """)
        }

        // MARK: Semaphores

        Numeric("threads/sem-how-many-pass") { params in
            let initial = params.int("initial", in: 2...5)
            let threads = params.int("threads", in: 2...8)
            let passing = min(initial, threads)
            let steps = (0...passing).map { String(initial - $0) }.joined(separator: " → ")
            let outcome =
                threads > initial
                ? "So \(initial) threads pass and \(threads - initial) \(threads - initial == 1 ? "waits" : "wait")."
                : "So all \(threads) pass, and the value is left at \(initial - threads)."
            Title("How many threads get through")
            Topics(.semaphores)
            Points(1)
            Prompt(
                """
                A semaphore is initialised with `sem_init(&s, 0, \(initial))`. \(threads) threads then call \
                `sem_wait(&s)`, and nobody calls `sem_post`. How many of the \(threads) threads return from \
                `sem_wait`?
                """)
            Answer(passing)
            Explanation(
                """
                \(passing). A counting semaphore's value is the number of `sem_wait`s that can proceed without \
                blocking: each successful `sem_wait` decrements it, \(steps), and a `sem_wait` at 0 blocks until a \
                `sem_post` raises it. \(outcome) This is how a semaphore limits concurrency, e.g. at most \(initial) threads using a pool of \
                \(initial) connections at once.
                """)
        }

        TrueFalse("threads/sem-no-owner") {
            Title("Posting a semaphore you did not wait on")
            Topics(.semaphores)
            Points(1)
            Prompt(
                """
                True or false: a thread may call `sem_post` on a semaphore even if that thread never called \
                `sem_wait` on it.
                """)
            Answer(true)
            Explanation(
                """
                True. A semaphore is a counter with no owner, so any thread — even a signal handler, since \
                `sem_post` is async-signal-safe — may post. That is what lets one thread tell another "your turn" \
                or "an item is ready". A mutex is different: only the thread that locked it may unlock it.
                """)
        }

        Numeric("threads/sem-ordering-initial") {
            Title("Making B wait for A")
            Topics(.semaphores)
            Points(1)
            Prompt(
                """
                Thread A runs `step_a(); sem_post(&s);` and thread B runs `sem_wait(&s); step_b();`. To what \
                initial value must `s` be set so that `step_b` always runs after `step_a` has finished?
                """)
            Answer(0, tolerance: 0)
            Explanation(
                """
                0. With value 0, B's `sem_wait` blocks until A's `sem_post` raises it to 1, which happens only after \
                `step_a` is done. With 1 — the value for mutual exclusion — B could pass `sem_wait` at once and run \
                `step_b` first. Initialising to 0 turns a semaphore into a signal that an event has happened, and \
                because the count remembers the post, it works even if A posts before B waits.
                """)
        }

        MultipleSelect("threads/sem-operations") {
            Title("What the semaphore calls do")
            Topics(.semaphores)
            Points(2)
            PartialCredit()
            Prompt("Which statements about POSIX semaphores are true? Select all that apply.")
            Choice("a", "`sem_wait` decrements the value, first blocking while the value is 0", correct: true)
            Choice("b", "`sem_post` increments the value and wakes one waiting thread if there is one", correct: true)
            Choice("c", "A semaphore initialised to 1 can provide mutual exclusion", correct: true)
            Choice(
                "d",
                "With a non-zero second argument, `sem_init` makes a semaphore processes can share, if it lives in shared memory",
                correct: true)
            Choice("e", "`sem_wait` on a semaphore whose value is 2 blocks until another thread posts")
            Explanation(
                """
                `sem_wait` blocks only at 0; at 2 it just decrements to 1 and continues. `sem_post` increments and \
                wakes a waiter. Initialised to 1, a semaphore is a binary semaphore that can guard a critical \
                section (though, unlike a mutex, it has no owner). `sem_init`'s `pshared` argument makes it usable \
                between processes, provided the `sem_t` is in memory they all map, such as a shared memory segment.
                """)
        }

        SingleChoice("threads/sem-bounded-buffer") { params in
            let slots = params.pick("slots", from: [8, 10, 16, 32])
            Title("Semaphores for a bounded buffer")
            Topics(.semaphores)
            Points(2)
            Prompt(
                """
                A bounded buffer of \(slots) slots is shared by producers and consumers. Semaphore `empty` counts \
                free slots and `full` counts filled slots; producers `sem_wait(&empty)` before inserting and \
                `sem_post(&full)` after, consumers the reverse. What are the initial values?
                """)
            Choice("a", "`empty` = \(slots), `full` = \(slots)")
            Choice("b", "`empty` = 0, `full` = \(slots)")
            Choice("c", "`empty` = 1, `full` = 1")
            Choice("d", "`empty` = \(slots), `full` = 0", correct: true)
            Explanation(
                """
                At the start all \(slots) slots are free and none is filled: `empty` = \(slots) lets producers insert \
                \(slots) items before blocking, and `full` = 0 makes consumers block until something is produced. \
                Swapping them would let consumers take \(slots) items that do not exist. The counting semaphores \
                only control *how many*; a mutex (or binary semaphore) must still guard the buffer's indices \
                themselves.
                """)
        }

        // MARK: Condition variables

        SingleChoice("threads/cv-while-loop") {
            Title("Why the wait is in a loop")
            Topics(.conditionVariables)
            Points(1)
            Prompt(
                """
                Why is a condition variable always waited on in a loop,

                ```c
                pthread_mutex_lock(&m);
                while (count == 0)
                    pthread_cond_wait(&c, &m);
                ```

                rather than with `if (count == 0)`?
                """)
            Choice(
                "a",
                "Wake-ups can be spurious, or another thread may change `count` first, so it must be rechecked",
                correct: true)
            Choice("b", "`pthread_cond_wait` returns at once if `count` is 0, so the loop busy-waits until it is not")
            Choice("c", "`if` would be fine: POSIX guarantees `count` is non-zero when the wait returns")
            Choice("d", "The loop is needed to lock the mutex again after each wake-up")
            Explanation(
                """
                Returning from `pthread_cond_wait` only means "something may have changed". POSIX allows spurious \
                wake-ups, and even after a real signal another thread can lock the mutex first and consume the item \
                before this one gets the mutex back. Rechecking the predicate with the mutex held is the only safe \
                pattern. The wait does block (no busy-waiting), and it reacquires the mutex by itself before \
                returning.
                """)
        }

        TrueFalse("threads/cv-wait-releases") {
            Title("The mutex during a wait")
            Topics(.conditionVariables, .mutexes)
            Points(1)
            Prompt(
                """
                True or false: while a thread is blocked in `pthread_cond_wait(&c, &m)`, it still holds `m`, so no \
                other thread can lock `m` until the waiter wakes up.
                """)
            Answer(false)
            Explanation(
                """
                False. `pthread_cond_wait` atomically releases `m` and puts the thread to sleep, and locks `m` again \
                before returning. It must: the thread that will make the condition true needs `m` to change the \
                shared state. Atomicity matters too — no signal can slip in between the unlock and the sleep and be \
                missed.
                """)
        }

        SingleChoice("threads/cv-broadcast") {
            Title("Waking every worker")
            Topics(.conditionVariables)
            Points(1)
            Prompt(
                """
                Several worker threads wait on condition variable `c` for work or shutdown. The main thread, \
                holding the mutex, sets `shutting_down = 1`. What should it call so that all workers see it?
                """)
            Choice("a", "`pthread_cond_signal(&c)`, which wakes all waiting threads")
            Choice("b", "`pthread_cond_broadcast(&c)`", correct: true)
            Choice("c", "Nothing: waiting threads check `shutting_down` on their own every so often")
            Choice("d", "`sem_post(&c)`")
            Explanation(
                """
                `pthread_cond_signal` wakes at least one waiter — typically just one — which is right when one \
                unit of work became available. A change that concerns every waiter needs \
                `pthread_cond_broadcast`. A waiting thread does not poll: it sleeps until woken, so without a \
                wake-up the others would sleep forever. `sem_post` works on semaphores, not condition variables.
                """)
        }

        MultipleSelect("threads/cv-rules") {
            Title("Using condition variables correctly")
            Topics(.conditionVariables)
            Points(2)
            PartialCredit()
            Prompt("Which statements about Pthreads condition variables are true? Select all that apply.")
            Choice("a", "The waiting thread must hold the mutex when it calls `pthread_cond_wait`", correct: true)
            Choice("b", "The shared state the waiter tests must be changed with the same mutex held", correct: true)
            Choice("c", "`pthread_cond_wait` may return even though no thread signalled", correct: true)
            Choice("d", "A signal sent while no thread waits is remembered and wakes the next thread that waits")
            Choice("e", "The condition variable itself stores whether the condition is true")
            Explanation(
                """
                A condition variable has no memory: it is only a queue of sleeping threads. A signal with nobody \
                waiting is lost — which is harmless *only* because the waiter tests the real state (the \
                predicate, e.g. `count > 0`) before waiting. That test and the update must happen under the same \
                mutex, otherwise the update and signal can fall between the waiter's test and its wait and the \
                wake-up is lost. Spurious returns are allowed, hence the `while` loop. (A semaphore, by contrast, \
                does remember posts in its count.)
                """)
        }
    }
}
