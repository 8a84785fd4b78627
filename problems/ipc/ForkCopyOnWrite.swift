import PsetModel

extension Bank {
    /// What fork copies: memory (copy-on-write), and the stdio buffer with it.
    static let forkCopyOnWrite = CodingProblem("ipc/fork-cow") {
        Title("What a forked child changes")
        Topics(.forkCOW, .processesVsThreads)
        Points(8)
        Prompt(
            """
            Write a whole program, `forkcow.c`, run as `./forkcow N` with 1 <= N <= 6. It shows that after \
            `fork` a child's memory is its own copy (copy-on-write) and that results come back through exit \
            statuses instead.

            The program has a global `long balance = 1000;`. It:
            1. prints `parent: balance 1000`;
            2. for i = 1 .. N, forks child i and waits for it before forking the next. Child i subtracts \
            `10 * i` from `balance`, prints `child i: balance B` with its new balance, and exits with status i;
            3. prints `parent: balance B` with the parent's balance, and `parent: exit statuses sum to S` with \
            the sum of the children's exit statuses (read with `WEXITSTATUS`).

            For `./forkcow 3` the output is exactly:

            ```
            parent: balance 1000
            child 1: balance 990
            child 2: balance 980
            child 3: balance 970
            parent: balance 1000
            parent: exit statuses sum to 6
            ```

            stdout is a pipe when graded, so it is fully buffered: whatever is still in the buffer at `fork` is \
            copied into the child along with the rest of memory, and printed by both. The parent exits with \
            status 0 once every child has been reaped.
            """)
        Starter("forkcow.c", Source.starter)
        Reference("forkcow.c", Source.reference)
        Concurrency(.processes)
        Allows(.standard, .output, .processes, .fileDescriptors, .signals, .time)
        Requires(.children, .exactly(.argument), says: "for i = 1 .. N, forks child i")
        Requires(.childrenAtOnce, .atMost(1), says: "waits for it before forking the next")

        TestCase("n-1", points: 2, arguments: ["1"], output: Source.expected(1), checks: [.children, .structure])
        TestCase("n-3", points: 3, arguments: ["3"], output: Source.expected(3), checks: [.children, .structure])
        TestCase(
            "n-6", points: 3, hidden: true, arguments: ["6"], output: Source.expected(6),
            checks: [.children, .structure])

        Mutant(
            "no-flush-before-fork",
            reason: """
                unsynchronised stdio across fork: the first line is still in the stdout buffer when the parent \
                forks, so every child inherits a copy of it and prints it again when it exits
                """,
            mustFail: ["n-1", "n-3"],
            File("forkcow.c", Source.reference.replacing("    fflush(stdout);\n", with: "")))
        Mutant(
            "raw-status",
            reason: """
                wrong exit status: the parent adds the raw `status` filled in by `waitpid` instead of \
                `WEXITSTATUS(status)`
                """,
            mustFail: ["n-1", "n-3"],
            File("forkcow.c", Source.reference.replacing("total += WEXITSTATUS(status);", with: "total += status;")))
        Mutant(
            "child-runs-on",
            reason: """
                child runs on: the child does not exit after its work, so it runs on into the parent's code, where \
                its `waitpid` fails and it ends with the wrong exit status
                """,
            mustFail: ["n-3", "n-6"],
            File("forkcow.c", Source.reference.replacing("            exit(i);\n", with: "")))
        Mutant(
            "fork-all-first",
            reason: """
                children at once: the parent forks every child before it waits for any, where the task has it wait \
                for each child before forking the next; the lines then come out in whatever order the children run
                """,
            mustFail: ["n-3", "n-6"],
            File("forkcow.c", Source.forkAllFirst))
        Mutant(
            "shared-total",
            reason: """
                copy-on-write: each child adds to its own copy of the global `total`, so the parent's copy stays 0; \
                a child's result must come back through its exit status
                """,
            mustFail: ["n-1", "n-3"],
            File("forkcow.c", Source.sharedTotal))
    }
}

/// The C sources of `ipc/fork-cow`.
private enum Source {
    /// What `./forkcow n` must print.
    static func expected(_ n: Int) -> String {
        "parent: balance 1000\n"
            + (1...n).map { "child \($0): balance \(1000 - 10 * $0)\n" }.joined()
            + "parent: balance 1000\nparent: exit statuses sum to \(n * (n + 1) / 2)\n"
    }

    static let starter = #"""
        #include <stdio.h>
        #include <stdlib.h>
        #include <sys/types.h>
        #include <sys/wait.h>
        #include <unistd.h>

        long balance = 1000;

        int main(int argc, char **argv)
        {
            long n = argc == 2 ? strtol(argv[1], NULL, 10) : 0;
            if (n < 1 || n > 6) {
                fprintf(stderr, "usage: %s N (1 <= N <= 6)\n", argv[0]);
                return 2;
            }
            printf("parent: balance %ld\n", balance);
            /* Fork the n children one at a time, as the prompt describes, then print the parent's summary. */
            return 0;
        }
        """#

    static let reference = #"""
        #include <stdio.h>
        #include <stdlib.h>
        #include <sys/types.h>
        #include <sys/wait.h>
        #include <unistd.h>

        long balance = 1000;

        int main(int argc, char **argv)
        {
            long n = argc == 2 ? strtol(argv[1], NULL, 10) : 0;
            if (n < 1 || n > 6) {
                fprintf(stderr, "usage: %s N (1 <= N <= 6)\n", argv[0]);
                return 2;
            }
            printf("parent: balance %ld\n", balance);
            /* stdout is a pipe, so fully buffered: empty the buffer, or each child inherits the line and prints it. */
            fflush(stdout);
            int total = 0;
            for (int i = 1; i <= n; i++) {
                pid_t pid = fork();
                if (pid < 0) {
                    perror("fork");
                    return 1;
                }
                if (pid == 0) {
                    /* This changes the child's own copy of balance; the parent's stays at 1000. */
                    balance -= 10 * i;
                    printf("child %d: balance %ld\n", i, balance);
                    exit(i);
                }
                int status;
                if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status)) {
                    fprintf(stderr, "child %d did not exit normally\n", i);
                    return 1;
                }
                total += WEXITSTATUS(status);
            }
            printf("parent: balance %ld\n", balance);
            printf("parent: exit statuses sum to %d\n", total);
            return 0;
        }
        """#

    /// A student version that forks every child first, then waits for them in order.
    static let forkAllFirst = #"""
        #include <stdio.h>
        #include <stdlib.h>
        #include <sys/types.h>
        #include <sys/wait.h>
        #include <unistd.h>

        long balance = 1000;

        int main(int argc, char **argv)
        {
            long n = argc == 2 ? strtol(argv[1], NULL, 10) : 0;
            if (n < 1 || n > 6) {
                fprintf(stderr, "usage: %s N (1 <= N <= 6)\n", argv[0]);
                return 2;
            }
            printf("parent: balance %ld\n", balance);
            fflush(stdout);
            pid_t children[6];
            for (int i = 1; i <= n; i++) {
                children[i - 1] = fork();
                if (children[i - 1] == 0) {
                    balance -= 10 * i;
                    printf("child %d: balance %ld\n", i, balance);
                    exit(i);
                }
            }
            int total = 0;
            for (int i = 1; i <= n; i++) {
                int status;
                waitpid(children[i - 1], &status, 0);
                total += WEXITSTATUS(status);
            }
            printf("parent: balance %ld\n", balance);
            printf("parent: exit statuses sum to %d\n", total);
            return 0;
        }
        """#

    /// A student version that collects the children's results in a global, as if memory were shared.
    static let sharedTotal = #"""
        #include <stdio.h>
        #include <stdlib.h>
        #include <sys/types.h>
        #include <sys/wait.h>
        #include <unistd.h>

        long balance = 1000;
        int total = 0;

        int main(int argc, char **argv)
        {
            long n = argc == 2 ? strtol(argv[1], NULL, 10) : 0;
            if (n < 1 || n > 6) {
                fprintf(stderr, "usage: %s N (1 <= N <= 6)\n", argv[0]);
                return 2;
            }
            printf("parent: balance %ld\n", balance);
            fflush(stdout);
            for (int i = 1; i <= n; i++) {
                pid_t pid = fork();
                if (pid == 0) {
                    balance -= 10 * i;
                    printf("child %d: balance %ld\n", i, balance);
                    total += i;
                    exit(0);
                }
                waitpid(pid, NULL, 0);
            }
            printf("parent: balance %ld\n", balance);
            printf("parent: exit statuses sum to %d\n", total);
            return 0;
        }
        """#
}
