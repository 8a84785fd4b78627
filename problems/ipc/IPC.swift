import PsetModel

extension Bank {
    /// Week 1: signals, pipes, sockets, fork and copy-on-write, System V shared memory.
    static let ipc = ProblemSet("ipc") {
        Title("Inter-process communication")
        Due("2026-12-11T23:59:00Z")
        Weight(1)

        ipcTasks

        // MARK: Signals

        SingleChoice("ipc/signal-sigkill") {
            Title("The signal no handler can stop")
            Topics(.signals)
            Points(1)
            Prompt(
                """
                A server installs handlers for several signals so that it can save its state before it exits. \
                Which signal can it neither catch, block nor ignore, so that no handler of its own will ever run?
                """)
            Choice("a", "`SIGTERM`")
            Choice("b", "`SIGINT`")
            Choice("c", "`SIGSEGV`")
            Choice("d", "`SIGKILL`", correct: true)
            Explanation(
                """
                `SIGKILL` (and `SIGSTOP`) are handled by the kernel alone: `signal`/`sigaction` refuse to install a \
                handler for them and they cannot be blocked or ignored, so the administrator always has a way to \
                stop a process. `SIGTERM` is the polite request that `kill` sends by default and `SIGINT` is what \
                Ctrl-C sends; both can be caught, which is exactly why a clean shutdown handler listens for them. \
                `SIGSEGV` can be caught too (to log and exit, say), though returning from its handler just re-runs \
                the faulting instruction.
                """)
        }

        MultipleSelect("ipc/signal-from-the-os") {
            Title("Signals the OS sends")
            Topics(.signals)
            Points(2)
            PartialCredit()
            Prompt(
                """
                The notes sort signals into three kinds: from the OS to a process, between processes \
                (inter-process), and within one process (intra-process). Which of these are signals sent by the \
                OS (the kernel) to a process because of something that happened? Select all that apply.
                """)
            Choice("a", "`SIGSEGV` delivered to a process that dereferenced an invalid pointer", correct: true)
            Choice("b", "`SIGFPE` delivered to a process that divided an integer by zero", correct: true)
            Choice("c", "`SIGPIPE` delivered to a process that wrote to a pipe nobody can read any more", correct: true)
            Choice("d", "`SIGUSR1` sent with `kill(pid, SIGUSR1)` by another process")
            Choice("e", "`SIGUSR1` a process sends to itself with `raise(SIGUSR1)`")
            Choice("f", "`SIGUSR2` one thread sends to another thread of its own process with `pthread_kill`")
            Explanation(
                """
                Invalid memory access (`SIGSEGV`), arithmetic faults (`SIGFPE`) and writing to a pipe without \
                readers (`SIGPIPE`) are detected by the kernel, which then signals the offending process: OS to \
                process. A `kill` from another process is inter-process signalling — the kernel only delivers it. \
                `raise` and `pthread_kill` to a thread of the same process are intra-process: the process signals \
                itself. Every signal passes through the kernel; what differs is who decides to send it.
                """)
        }

        TrueFalse("ipc/signal-handler-printf") {
            Title("What a signal handler may call")
            Topics(.signals)
            Points(1)
            Prompt(
                """
                True or false: calling `printf` or `malloc` from inside a signal handler is safe, because the \
                handler runs in the same process and on the same thread as the rest of the program.
                """)
            Answer(false)
            Explanation(
                """
                False. A signal can arrive at any instruction — including in the middle of a `printf` or `malloc` \
                the program itself was running, while those functions hold an internal lock or have their buffers \
                half updated. Calling them again from the handler can deadlock on that lock or corrupt the heap. \
                Running in the same thread is precisely the problem, not the cure. Only *async-signal-safe* \
                functions (such as `write`, `_exit`, `sem_post`) may be called from a handler; the usual pattern is \
                to set a `volatile sig_atomic_t` flag and do the real work in the main loop.
                """)
        }

        Numeric("ipc/signal-not-queued") {
            Title("Signals are not counted")
            Topics(.signals)
            Points(2)
            Prompt(
                """
                A process has a handler for `SIGUSR1` and blocks `SIGUSR1` with `sigprocmask`. While it is \
                blocked, another process calls `kill(pid, SIGUSR1)` five times, and all five calls succeed. Then \
                the first process unblocks `SIGUSR1`. How many times does its handler run?
                """)
            Answer(1, tolerance: 0)
            Explanation(
                """
                Once. For a standard signal the kernel keeps only one *pending* bit per signal: the first `kill` \
                sets it and the other four find it already set. When the signal is unblocked it is delivered once \
                and the bit is cleared. So signals say "this happened at least once", not "this happened five \
                times" — a program must not count events by counting signals (POSIX real-time signals, \
                `SIGRTMIN` and up, are the exception: they are queued).
                """)
        }

        ShortText("ipc/signal-kill-default") {
            Title("What `kill` sends")
            Topics(.signals)
            Points(1)
            Prompt("Which signal does the shell command `kill 1234` send when no signal is named?")
            Accept("SIGTERM")
            Accept(pattern: "(sig)?term|15", example: "TERM")
            Explanation(
                """
                `SIGTERM` (signal 15): a request to terminate that the process may catch to clean up — flush \
                files, remove temporary files, tell clients. Only if it does not exit does one escalate to \
                `kill -KILL` (`SIGKILL`, 9), which cannot be caught and leaves no chance to clean up.
                """)
        }

        // MARK: Pipes

        TrueFalse("ipc/pipe-one-way") {
            Title("Which way a pipe flows")
            Topics(.pipes)
            Points(1)
            Prompt(
                """
                True or false: after `int fd[2]; pipe(fd); fork();`, the parent and the child can hold a two-way \
                conversation over this one pipe, each writing its messages to `fd[1]` and reading the other's \
                replies from `fd[0]`.
                """)
            Answer(false)
            Explanation(
                """
                False. A pipe is one-way: one byte stream from its write end `fd[1]` to its read end `fd[0]`. If \
                both processes read from `fd[0]`, a process can just as well read back the message it wrote itself, \
                and nothing says which reader gets which bytes. A two-way conversation needs two pipes (one per \
                direction, each process closing the ends it does not use) or a bidirectional channel such as a \
                socket pair.
                """)
        }

        Numeric("ipc/pipe-read-index") {
            Title("The read end")
            Topics(.pipes)
            Points(1)
            Prompt("After `int fd[2]; pipe(fd);`, which index of `fd` is the read end of the pipe: 0 or 1?")
            Answer(0, tolerance: 0)
            Explanation(
                """
                `fd[0]` is the read end and `fd[1]` the write end — the same order as standard input (descriptor \
                0) and standard output (descriptor 1), which is how a shell plugs `ls | wc` together with `dup2`: \
                the pipe's write end becomes `ls`'s descriptor 1 and its read end becomes `wc`'s descriptor 0.
                """)
        }

        Numeric("ipc/pipe-read-count") { params in
            let written = params.pick("written", from: [100, 300, 700, 1000, 1500])
            let buffer = params.pick("buffer", from: [64, 128, 256])
            let reads = (written + buffer - 1) / buffer
            let last = written - (reads - 1) * buffer
            Title("Reading a pipe in pieces")
            Topics(.pipes)
            Points(2)
            Prompt(
                """
                How many times does this program print `got`?

                ```c
                int main(void) {
                    int fd[2];
                    char data[\(written)], buf[\(buffer)];
                    memset(data, 'x', sizeof data);
                    pipe(fd);
                    write(fd[1], data, sizeof data);
                    close(fd[1]);
                    ssize_t n;
                    while ((n = read(fd[0], buf, sizeof buf)) > 0)
                        printf("got %zd\\n", n);
                    return 0;
                }
                ```
                """)
            Answer(reads)
            Explanation(
                """
                \(reads). The \(written) bytes fit in the pipe's buffer, so the one `write` puts them all in before \
                any `read`. A `read` on a pipe that holds data returns at once with what is there, up to the \
                count asked for: \(reads == 1 ? "" : "\(reads - 1) × \(buffer) bytes, then ")\(last) byte\
                \(last == 1 ? "" : "s"). The next `read` finds the pipe empty and every write end closed, so it \
                returns 0 (end-of-file) and the loop ends; had the write end still been open anywhere, that `read` \
                would block instead. A `read` never waits to fill its whole buffer, and the sender's `write`s leave \
                no boundaries in the stream.
                """)
        }

        SingleChoice("ipc/pipe-eof") {
            Title("Waiting for end-of-file")
            Topics(.pipes, .forkCOW)
            Points(2)
            Prompt(
                """
                A parent creates a pipe and forks. The child reads until end-of-file, but never closes its own \
                copy of the write end:

                ```c
                if (fork() == 0) {                      /* child */
                    char buf[64];
                    ssize_t n;
                    while ((n = read(fd[0], buf, sizeof buf)) > 0)
                        write(STDOUT_FILENO, buf, n);
                    return 0;
                }
                close(fd[0]);                           /* parent */
                write(fd[1], "hello", 5);
                close(fd[1]);
                waitpid(-1, NULL, 0);
                ```

                What happens?
                """)
            Choice("a", "The child prints `hello`, then `read` returns 0 and both processes exit normally")
            Choice(
                "b",
                "The child prints `hello`, then blocks in `read` forever, and the parent blocks in `waitpid` forever",
                correct: true)
            Choice("c", "The child is killed by `SIGPIPE` when the parent closes its write end")
            Choice("d", "`read` returns -1 with `errno` set to `EPIPE` once the parent has closed its end")
            Explanation(
                """
                `read` on a pipe returns 0 (end-of-file) only when the pipe is empty **and every** write end is \
                closed. `fork` duplicated the descriptors, so there are two write ends: the parent's, which it \
                closes, and the child's own `fd[1]`, still open. The kernel cannot know the child will never write \
                to it, so the child waits for more data forever, and the parent waits for the child. The fix: each \
                process closes the ends it does not use right after `fork` (the child closes `fd[1]`). `SIGPIPE` \
                and `EPIPE` are the opposite case: *writing* when no read end is open.
                """)
        }

        MultipleSelect("ipc/pipe-who-can-use") {
            Title("Who can share an anonymous pipe")
            Topics(.pipes)
            Points(1)
            Prompt(
                """
                A pipe created with `pipe()` has no name in the file system. Which pairs of processes can \
                communicate through such a pipe? Select all that apply.
                """)
            Choice("a", "A parent that called `pipe()` and the child it then forked", correct: true)
            Choice(
                "b", "Two children forked, one after the other, by a parent that called `pipe()` before both forks",
                correct: true)
            Choice("c", "Two unrelated programs started from different terminals, each of which calls `pipe()`")
            Choice("d", "A process on one machine and a process on another machine of the same network")
            Explanation(
                """
                The only way to reach an anonymous pipe is through its descriptors, and descriptors are passed on \
                by `fork` — so the pipe works between related processes that inherited it: parent and child, or \
                siblings (that is how the shell connects `ls | wc`). Two unrelated programs calling `pipe()` each \
                get their own separate pipe; they would need a named pipe (FIFO, `mkfifo`) or a socket. Between \
                machines only sockets (message passing over the network) will do.
                """)
        }

        SingleChoice("ipc/pipe-no-reader") {
            Title("Writing when nobody reads")
            Topics(.pipes, .signals)
            Points(1)
            Prompt(
                """
                A process writes to a pipe after every process has closed the pipe's read end. It has not changed \
                the disposition of any signal. What happens?
                """)
            Choice("a", "The write blocks until some process opens the read end again")
            Choice("b", "The data is discarded silently and `write` reports success")
            Choice("c", "The kernel sends the writer `SIGPIPE`, whose default action terminates it", correct: true)
            Choice("d", "The data stays in the pipe until the writer itself reads it back")
            Explanation(
                """
                With no reader left the data can never be delivered, so the kernel sends the writer `SIGPIPE` — an \
                OS-to-process signal — and its default action ends the process; that is why `yes | head -1` \
                stops. If the process ignores or catches `SIGPIPE`, `write` fails with `errno` = `EPIPE` instead. \
                A closed read end can never be reopened, so waiting would be pointless, and silently discarding \
                the data would hide the error.
                """)
        }

        // MARK: Sockets

        SingleChoice("ipc/socket-vs-pipe") {
            Title("When a pipe will not do")
            Topics(.sockets, .pipes)
            Points(1)
            Prompt("Which need makes a socket the right choice rather than a pipe?")
            Choice("a", "The two processes are a parent and its child")
            Choice("b", "The data is binary rather than text")
            Choice("c", "The processes must exchange data without any system calls")
            Choice("d", "The two processes run on different machines", correct: true)
            Explanation(
                """
                A pipe lives inside one kernel, so it can only join processes on the same machine (and, anonymous, \
                only related ones). A socket is an endpoint that can be addressed across a network, and a \
                connected stream socket is also two-way. Pipes carry arbitrary bytes, binary included; parent and \
                child are exactly what pipes are made for; and *both* pipes and sockets are message passing with a \
                system call for every send and receive — avoiding those calls is what shared memory is for.
                """)
        }

        MultipleSelect("ipc/socket-properties") {
            Title("What sockets offer")
            Topics(.sockets)
            Points(2)
            PartialCredit()
            Prompt("Which statements about sockets are true? Select all that apply.")
            Choice(
                "a", "A connected stream (TCP) socket is bidirectional: each end can both send and receive",
                correct: true)
            Choice("b", "Sockets can connect processes on different machines", correct: true)
            Choice(
                "c", "A Unix-domain socket can connect two unrelated processes on the same machine", correct: true)
            Choice("d", "After `connect`, sending is an ordinary memory write that needs no system call")
            Choice("e", "A socket can only be used between a parent and a child it forked")
            Explanation(
                """
                A socket is a communication endpoint named by an address — an IP address and port, or a file-system \
                path for a Unix-domain socket — so any process that knows the address can connect, related or \
                not, local or remote, and a connected stream carries data both ways. Like a pipe, though, it is \
                message passing: every `send`/`recv` (or `write`/`read`) is a system call that copies the data \
                through the kernel.
                """)
        }

        SingleChoice("ipc/socket-stream-boundaries") { params in
            let size = params.pick("size", from: [50, 100, 200, 400])
            let count = params.int("messages", in: 2...3)
            let total = size * count
            let messages = count == 2 ? "two" : "three"
            Title("Message boundaries on a stream")
            Topics(.sockets)
            Points(2)
            Prompt(
                """
                A client sends \(messages) \(size)-byte messages on a connected TCP socket with \(messages) calls \
                to `send`. The server then calls `recv(fd, buf, 4096, 0)` once. What can that one call return?
                """)
            Choice("a", "Exactly \(size) bytes: each `recv` returns what one `send` sent")
            Choice("b", "Exactly \(total) bytes, because the buffer is large enough for every message")
            Choice(
                "c",
                "Any count from 1 to \(total) bytes, in the order sent; the program must find message boundaries itself",
                correct: true)
            Choice("d", "The \(messages) messages possibly in another order")
            Explanation(
                """
                A stream socket carries a stream of bytes, not messages: the sender's `send` boundaries are not \
                kept. One `recv` returns whatever has arrived, up to the buffer size — all \(total) bytes, the \
                first \(size), or just a few. TCP does guarantee order, so bytes never swap. Programs therefore \
                frame their messages (a length prefix, or a delimiter such as a newline) and loop on `recv` until \
                a whole message is in. The same holds for pipes.
                """)
        }

        ShortText("ipc/socket-accept-call") {
            Title("Taking a connection")
            Topics(.sockets)
            Points(1)
            Prompt(
                """
                A server has called `socket`, `bind` and `listen`. Which call does it make next to wait for a \
                client and get a new socket connected to that client?
                """)
            Accept("accept")
            Accept(pattern: "accept4?\\s*(\\(.*\\))?", example: "accept(listen_fd, NULL, NULL)")
            Explanation(
                """
                `accept` blocks until a client's `connect` arrives and returns a *new* descriptor for that one \
                connection; the listening socket stays open to accept the next client. `listen` only marks the \
                socket as passive and sets the queue length, and `connect` is the client's side.
                """)
        }

        TrueFalse("ipc/socket-message-passing") {
            Title("Pipes and sockets are message passing")
            Topics(.sockets, .pipes)
            Points(1)
            Prompt(
                """
                True or false: with both pipes and sockets, every transfer of data goes through the kernel, by \
                system calls such as `write`/`read` or `send`/`recv`.
                """)
            Answer(true)
            Explanation(
                """
                True. Pipes and sockets are the two message-passing mechanisms of the notes: the sender's data is \
                copied into a kernel buffer by one system call and out again by the receiver's. That makes them \
                simple and safe — the kernel synchronises the two sides — but each message costs system calls and \
                copies, which is why shared memory, once set up, is faster.
                """)
        }

        // MARK: fork and copy-on-write

        Numeric("ipc/fork-loop-count") { params in
            let n = params.int("n", in: 2...5)
            let counts = (1...n).map { "after iteration \($0 - 1) there are \(1 << $0)" }
            Title("Forking in a loop")
            Topics(.forkCOW)
            Points(1)
            Prompt(
                """
                How many processes, counting the original one, run the `return 0` of this program?

                ```c
                int main(void) {
                    for (int i = 0; i < \(n); i++)
                        fork();
                    return 0;
                }
                ```
                """)
            Answer(1 << n)
            Explanation(
                """
                \(1 << n). Each process that reaches a `fork()` becomes two, and the child continues the loop from \
                the same point with its own copy of `i`. Before the loop there is 1 process; \
                \(counts.joined(separator: ", ")): 2 to the power \(n) in all. Counting only the \(n) `fork()` \
                calls the program makes (answering \(n) or \(n + 1)) forgets that children fork too.
                """)
        }

        Numeric("ipc/fork-short-circuit") { params in
            let op = params.pick("operator", from: ["&&", "||"])
            let k = params.int("forks", in: 2...4)
            let condition = Array(repeating: "fork()", count: k).joined(separator: " \(op) ")
            Title("fork and short-circuit evaluation")
            Topics(.forkCOW)
            Points(2)
            Prompt(
                """
                How many processes, counting the original one, does this program end up with?

                ```c
                int main(void) {
                    if (\(condition))
                        fork();
                    return 0;
                }
                ```
                """)
            if op == "&&" {
                Answer(k + 2)
                Explanation(
                    """
                    \(k + 2). `fork()` returns the child's PID (non-zero) in the parent and 0 in the child, and `&&` \
                    evaluates its right side only when the left side is non-zero. Each of the \(k) calls in the \
                    condition gives the original process P a child that sees 0 there, so `&&` stops in that child \
                    and it skips the body: \(k) children. Only P sees non-zero from every call, so only P runs the \
                    body and forks once more. Processes: P, its \(k) children from the condition and 1 from the \
                    body. Answering \(1 << (k + 1)) treats the calls as if each process ran all of them.
                    """)
            } else {
                Answer(2 * k + 1)
                Explanation(
                    """
                    \(2 * k + 1). `fork()` returns the child's PID (non-zero) in the parent and 0 in the child, and \
                    `||` evaluates its right side only when the left side is zero. A process that sees non-zero has \
                    its condition true at once and runs the body, forking one child that goes straight to \
                    `return`. A new child sees 0, so it goes on to the next `fork()` of the condition. So each of \
                    the \(k) calls adds a process that carries on down the chain, and every process except the last \
                    of them (which saw 0 from the final call) runs the body: 1 + \(k) + \(k) processes. Answering \
                    \(1 << (k + 1)) treats the calls as if each process ran all of them.
                    """)
            }
        }

        Numeric("ipc/fork-private-copy") { params in
            let start = params.int("x", in: 5...40)
            let added = params.int("added", in: 2...9)
            Title("The child's copy of a variable")
            Topics(.forkCOW)
            Points(1)
            Prompt(
                """
                What does this program print?

                ```c
                int x = \(start);

                int main(void) {
                    pid_t pid = fork();
                    if (pid == 0) {
                        x += \(added);
                        return 0;
                    }
                    waitpid(pid, NULL, 0);
                    printf("%d\\n", x);
                    return 0;
                }
                ```
                """)
            Answer(start)
            Explanation(
                """
                \(start). After `fork` the child has its own copy of the address space — globals included. \
                Copy-on-write lets the two share the physical page only until somebody writes: the child's \
                `x += \(added)` gives the child a private copy of that page, and the parent's `x` stays \(start). \
                Even though the parent waits for the child, nothing the child writes to ordinary memory can reach \
                it; for that the processes need IPC (a pipe, a socket, shared memory). Threads of one process, by \
                contrast, would see each other's write and print \(start + added).
                """)
        }

        Numeric("ipc/fork-stdio-buffer") { params in
            let forks = params.int("forks", in: 1...3)
            let calls = Array(repeating: "    fork();", count: forks).joined(separator: "\n")
            Title("fork and the stdio buffer")
            Topics(.forkCOW)
            Points(2)
            Prompt(
                """
                How many times does the letter `A` appear in this program's output?

                ```c
                int main(void) {
                    printf("A");
                \(calls)
                    printf("B\\n");
                    return 0;
                }
                ```
                """)
            Answer(1 << forks)
            Explanation(
                """
                \(1 << forks) times: the output is `AB` on \(1 << forks) lines. `printf("A")` does not write to \
                the terminal yet; it puts `A` in `stdout`'s buffer, which is ordinary memory of the process and is \
                flushed at a newline (on a terminal), when full, or at exit. `fork` copies the process's memory, \
                so every child gets a buffer that already holds `A`, and after \(forks) `fork()` call\
                \(forks == 1 ? "" : "s") there are \(1 << forks) processes. Each then appends `B\\n` and flushes \
                its own buffer. Call `fflush(stdout)` before `fork` to write pending output exactly once.
                """)
        }

        SingleChoice("ipc/cow-what-is-copied") {
            Title("What fork copies right away")
            Topics(.forkCOW)
            Points(1)
            Prompt(
                """
                On Linux, `fork` uses copy-on-write. Right after `fork` returns, what has the kernel copied for \
                the child?
                """)
            Choice("a", "Every page of the parent's code, data, heap and stack")
            Choice("b", "The code and the stack; data and heap pages are copied when the child first reads them")
            Choice(
                "c",
                "Its bookkeeping (a new PCB, page tables); both map the same pages read-only until one writes to a page",
                correct: true)
            Choice("d", "Nothing: parent and child share all memory from then on, as threads do")
            Explanation(
                """
                Copy-on-write postpones copying memory until it must differ. The kernel gives the child its own \
                process control block and page tables that point to the parent's physical pages, marked read-only \
                in both. Reading costs nothing; the first *write* to a page traps, and the kernel copies just that \
                page for the writer. Code is never written, so it is never copied. The sharing is invisible: unlike \
                threads, a write by one process is never seen by the other.
                """)
        }

        TrueFalse("ipc/cow-code-shared") {
            Title("Does the child need its own code?")
            Topics(.forkCOW)
            Points(1)
            Prompt(
                """
                True or false: `fork` must make a copy of the program's code (its text segment) for the child, \
                because each process needs its own copy of the instructions it runs.
                """)
            Answer(false)
            Explanation(
                """
                False. Parent and child run the same program, and code is mapped read-only: neither can change it, \
                so one physical copy can be shared by both — and by every other process running that program or \
                using that shared library. Only data a process writes ever needs a private copy, which is what \
                copy-on-write provides lazily.
                """)
        }

        MultipleSelect("ipc/fork-inherits") {
            Title("What the child inherits")
            Topics(.forkCOW, .signals)
            Points(2)
            PartialCredit()
            Prompt(
                """
                A multithreaded process calls `fork` from one of its threads. Which of these does the new child \
                process get? Select all that apply.
                """)
            Choice("a", "Copies of the parent's open file descriptors, such as the ends of a pipe", correct: true)
            Choice("b", "Its variables with the values they had at the moment of the `fork`", correct: true)
            Choice("c", "The parent's signal handlers (signal dispositions)", correct: true)
            Choice("d", "A copy of every thread of the parent")
            Choice("e", "The same process ID as the parent")
            Choice("f", "The signals that were pending for the parent")
            Explanation(
                """
                The child gets a copy of the memory (through copy-on-write), duplicates of the open descriptors \
                (sharing file offsets with the parent's, which is what makes a pipe between them work) and the \
                same signal handlers. It gets a new PID, starts with no pending signals, and has exactly one \
                thread — a copy of the one that called `fork`. The other threads vanish in the child, possibly \
                while holding locks, which is why a multithreaded program should only `exec` (or call \
                async-signal-safe functions) after forking.
                """)
        }

        // MARK: Shared memory

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
                go through that pointer. `shmctl` with `IPC_RMID` marks the segment for removal; it binds nothing. \
                No `fork` is needed either: any process that knows the segment's key can `shmget` and `shmat` it, \
                and a child simply inherits its parent's attachments.
                """)
        }

        ShortText("ipc/shm-attach-call") {
            Title("Attaching a segment")
            Topics(.sharedMemory)
            Points(1)
            Prompt(
                """
                Name the System V call that attaches (binds) a shared memory segment to the calling process's \
                address space and returns the address at which to read and write it.
                """)
            Accept("shmat")
            Accept(pattern: "shmat\\s*\\(.*\\)", example: "shmat(shmid, NULL, 0)")
            Explanation(
                """
                `shmat(shmid, NULL, 0)` maps the segment into the caller's address space (`NULL` lets the kernel \
                choose the address) and returns the pointer. `shmget` only creates or looks up the segment and \
                returns its identifier — not an address — and `shmdt` detaches it again.
                """)
        }

        ShortText("ipc/shm-remove-call") {
            Title("Removing a segment")
            Topics(.sharedMemory)
            Points(1)
            Prompt(
                """
                Which System V call, given the command `IPC_RMID`, removes a shared memory segment? (The same call \
                reads and changes a segment's control information, such as its permissions.)
                """)
            Accept("shmctl")
            Accept(pattern: "shmctl\\s*\\(.*ipc_rmid.*\\)", example: "shmctl(shmid, IPC_RMID, NULL)")
            Explanation(
                """
                `shmctl(shmid, IPC_RMID, NULL)`. `shmctl` is the control call: `IPC_STAT` reads the segment's \
                information, `IPC_SET` changes owner and permissions, and `IPC_RMID` marks it for removal. \
                `shmdt` is not removal — it only detaches the segment from one process, and the segment \
                outlives it.
                """)
        }

        TrueFalse("ipc/shm-rmid-while-attached") {
            Title("Removing a segment still in use")
            Topics(.sharedMemory)
            Points(1)
            Prompt(
                """
                True or false: after one process calls `shmctl(shmid, IPC_RMID, NULL)`, another process that still \
                has the segment attached will crash on its next access, because the memory is freed at once.
                """)
            Answer(false)
            Explanation(
                """
                False. `IPC_RMID` only *marks* the segment for destruction: no new process can look it up, but \
                processes that have it attached keep using it normally. The kernel frees it when the last one \
                detaches (by `shmdt`, `exec` or exit). A common pattern is therefore to attach and then mark it at \
                once, so the segment cannot be leaked if the program dies. Without `IPC_RMID`, a System V segment \
                outlives every process that used it (see `ipcs -m`).
                """)
        }

        MultipleSelect("ipc/shm-properties") {
            Title("Living with shared memory")
            Topics(.sharedMemory, .semaphores)
            Points(2)
            PartialCredit()
            Prompt("Which statements about System V shared memory are true? Select all that apply.")
            Choice("a", "It only connects processes running on the same machine", correct: true)
            Choice(
                "b", "Once attached, reads and writes are ordinary memory accesses with no system call", correct: true)
            Choice(
                "c", "The same segment may be attached at different addresses in different processes", correct: true)
            Choice("d", "The kernel serialises the processes' accesses, so two writers can never interfere")
            Choice("e", "The segment is destroyed automatically when the process that created it exits")
            Explanation(
                """
                The kernel maps the same physical memory into each process — so it works only on one machine — \
                and then stays out of the way: accesses are plain loads and stores, which is what makes shared \
                memory fast. It also means nothing synchronises them: the processes must do that themselves, e.g. \
                with a semaphore, or concurrent updates are lost. Each process may get the segment at a different \
                address, so store offsets rather than pointers inside it. And a System V segment persists until \
                `IPC_RMID` and the last detach, not until its creator exits.
                """)
        }

        SingleChoice("ipc/shm-which-interface") {
            Title("Which interface `shmget` belongs to")
            Topics(.sharedMemory)
            Points(1)
            Prompt("`shmget`, `shmat`, `shmdt` and `shmctl` belong to which interface?")
            Choice(
                "a",
                "System V IPC, which POSIX includes as an XSI option; POSIX's own interface is `shm_open` with `mmap`",
                correct: true)
            Choice("b", "The Pthreads API, since shared memory is used by threads")
            Choice("c", "POSIX shared memory, whose segments have names such as `/myshm`")
            Choice("d", "A Linux-only interface found on no other Unix")
            Explanation(
                """
                The `shm*` calls come from System V Unix, along with System V semaphores (`semget`) and message \
                queues (`msgget`); segments are named by a numeric key (from `ftok`, or `IPC_PRIVATE`). POSIX \
                standardises them in its XSI option, and separately defines its own *POSIX shared memory*: \
                `shm_open("/name", ...)`, `ftruncate`, then `mmap`. Both exist on Linux and other Unixes. Pthreads \
                is about threads, which share memory without any of these calls.
                """)
        }

        Numeric("ipc/shm-after-fork") { params in
            let start = params.int("value", in: 5...40)
            let added = params.int("added", in: 2...9)
            Title("A shared segment across fork")
            Topics(.sharedMemory, .forkCOW)
            Points(2)
            Prompt(
                """
                What does this program print? (Compare with a plain global variable changed by a child.)

                ```c
                int main(void) {
                    int id = shmget(IPC_PRIVATE, sizeof(int), IPC_CREAT | 0600);
                    int *p = shmat(id, NULL, 0);
                    *p = \(start);
                    pid_t pid = fork();
                    if (pid == 0) {
                        *p += \(added);
                        return 0;
                    }
                    waitpid(pid, NULL, 0);
                    printf("%d\\n", *p);
                    shmdt(p);
                    shmctl(id, IPC_RMID, NULL);
                    return 0;
                }
                ```
                """)
            Answer(start + added)
            Explanation(
                """
                \(start + added). The child inherits the attachment, and a shared segment is not subject to \
                copy-on-write: both processes map the very same physical memory, so the child's `*p += \(added)` \
                is what the parent reads after `waitpid`. Had `p` pointed to a global or to `malloc`ed memory, the \
                child would have written its own private copy and the parent would print \(start). (`waitpid` is \
                also what makes this correct: it orders the child's write before the parent's read.)
                """)
        }
    }
}
