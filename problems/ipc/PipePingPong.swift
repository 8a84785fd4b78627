import PsetModel

extension Bank {
    /// Pinned task: a parent and a child taking turns over two pipes.
    static let pipePingPong = CodingProblem("ipc/pipe-pingpong") {
        Title("Ping-pong over pipes")
        Topics(.pipes, .forkCOW)
        Points(8)
        Prompt(
            """
            Write a whole program, `pingpong.c`, run as `./pingpong N` with 1 <= N <= 1000.

            Requirements:
            - The program forks exactly one child. The parent prints `ping i` and the child prints `pong i`, \
            each on its own line, strictly alternating: `ping 1`, `pong 1`, `ping 2`, ..., `pong N`, and nothing \
            else on stdout.
            - The two processes hand the turn to each other over pipes.
            - stdout is a pipe, not a terminal, when graded.
            - The parent waits for the child before it exits; both exit with status 0.

            Think about what "stdout is a pipe" means for `printf`: the output is fully buffered, so a line sits \
            in the process's own buffer until it is flushed. And after `fork` the two processes no longer share \
            variables: each has its own copy, so the turn cannot be handed over through a variable.
            """)
        Starter("pingpong.c", Source.starter)
        Reference("pingpong.c", Source.reference)
        Budget(schedules: 100, runSeconds: 5)
        Concurrency(.processes)
        Allows(.standard, .output, .input, .processes, .fileDescriptors, .signals, .time)
        Requires(.children, .exactly(1), says: "The program forks exactly one child.")
        Requires(.pipes, .atLeast(1), says: "The two processes hand the turn to each other over pipes.")

        TestCase("n-1", points: 2, arguments: ["1"], output: Source.expected(1), checks: [.children, .structure])
        TestCase(
            "n-5", points: 2, arguments: ["5"], output: Source.expected(5),
            checks: [.children, .structure, .schedules])
        TestCase(
            "n-100", points: 2, hidden: true, arguments: ["100"], output: Source.expected(100),
            checks: [.children, .structure])
        TestCase(
            "n-1000", points: 2, hidden: true, arguments: ["1000"], output: Source.expected(1000),
            checks: [.children, .structure])

        Mutant(
            "no-wait",
            reason: "child not reaped: the parent exits without waiting for its child",
            mustFail: ["n-1", "n-5"],
            File(
                "pingpong.c",
                Source.reference.replacing(
                    """
                        int status;
                        if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
                            fprintf(stderr, "the child did not exit with status 0\\n");
                            return 1;
                        }

                    """,
                    with: "")))
        Mutant(
            "no-flush",
            reason: """
                unsynchronised stdio across fork: without `fflush`, each process's lines wait in its own stdout \
                buffer (stdout is a pipe, so fully buffered) and come out when it exits, not in turn
                """,
            mustFail: ["n-1", "n-5"],
            File("pingpong.c", Source.reference.replacing("        fflush(stdout);\n", with: "")))
        Mutant(
            "flush-after-turn",
            reason: """
                unsynchronised stdio across fork: the child hands the turn back before it flushes `pong`, so the \
                parent's next `ping` can overtake it; the order then depends on which process runs first
                """,
            mustFail: ["n-5"],
            File(
                "pingpong.c",
                Source.reference.replacing(
                    """
                                /* stdout is a pipe, so fully buffered: the line must leave before the turn does. */
                                fflush(stdout);
                                if (give_turn(to_parent[1]) < 0)
                                    exit(1);
                    """,
                    with: """
                                    if (give_turn(to_parent[1]) < 0)
                                        exit(1);
                                    fflush(stdout);
                        """)))
        Mutant(
            "one-pipe",
            reason: """
                deadlock: both directions share one pipe, so the parent reads back the token it has just written \
                and takes the child's turns, and the child is left waiting forever
                """,
            mustFail: ["n-5", "n-100"],
            File("pingpong.c", Source.onePipe))
        Mutant(
            "one-process",
            reason: """
                no child process: one process prints every `ping` and every `pong` itself, so the output is right \
                but nothing is handed over between processes, and no pipe carries the turn
                """,
            mustFail: ["n-1", "n-5"],
            File("pingpong.c", Source.oneProcess))
        Mutant(
            "turn-variable",
            reason: """
                deadlock: the turn is handed over through a global variable, but after `fork` each process has its \
                own copy (copy-on-write), so neither ever sees the other's change
                """,
            mustFail: ["n-1"],
            File("pingpong.c", Source.turnVariable))
    }
}

/// The C sources of `ipc/pipe-pingpong`.
private enum Source {
    /// What `./pingpong n` must print.
    static func expected(_ n: Int) -> String {
        (1...n).map { "ping \($0)\npong \($0)\n" }.joined()
    }

    static let starter = #"""
        #include <errno.h>
        #include <stdio.h>
        #include <stdlib.h>
        #include <sys/types.h>
        #include <sys/wait.h>
        #include <unistd.h>

        int main(int argc, char **argv)
        {
            long n = argc == 2 ? strtol(argv[1], NULL, 10) : 0;
            if (n < 1 || n > 1000) {
                fprintf(stderr, "usage: %s N (1 <= N <= 1000)\n", argv[0]);
                return 2;
            }
            /* Create the pipes, fork one child, and take turns:
               the parent prints "ping i", the child "pong i", for i = 1 .. n. */
            return 0;
        }
        """#

    static let reference = #"""
        #include <errno.h>
        #include <stdio.h>
        #include <stdlib.h>
        #include <sys/types.h>
        #include <sys/wait.h>
        #include <unistd.h>

        /* Waits for the turn: one byte from fd. Returns 0, or -1 if the other process has gone. */
        static int take_turn(int fd)
        {
            char token;
            ssize_t n;
            do
                n = read(fd, &token, 1);
            while (n < 0 && errno == EINTR);
            return n == 1 ? 0 : -1;
        }

        /* Hands the turn over: one byte to fd. */
        static int give_turn(int fd)
        {
            char token = 't';
            ssize_t n;
            do
                n = write(fd, &token, 1);
            while (n < 0 && errno == EINTR);
            return n == 1 ? 0 : -1;
        }

        int main(int argc, char **argv)
        {
            long n = argc == 2 ? strtol(argv[1], NULL, 10) : 0;
            if (n < 1 || n > 1000) {
                fprintf(stderr, "usage: %s N (1 <= N <= 1000)\n", argv[0]);
                return 2;
            }
            int to_child[2], to_parent[2];
            if (pipe(to_child) < 0 || pipe(to_parent) < 0) {
                perror("pipe");
                return 1;
            }
            pid_t pid = fork();
            if (pid < 0) {
                perror("fork");
                return 1;
            }
            if (pid == 0) {
                close(to_child[1]);
                close(to_parent[0]);
                for (long i = 1; i <= n; i++) {
                    if (take_turn(to_child[0]) < 0)
                        exit(1);
                    printf("pong %ld\n", i);
                    /* stdout is a pipe, so fully buffered: the line must leave before the turn does. */
                    fflush(stdout);
                    if (give_turn(to_parent[1]) < 0)
                        exit(1);
                }
                exit(0);
            }
            close(to_child[0]);
            close(to_parent[1]);
            for (long i = 1; i <= n; i++) {
                printf("ping %ld\n", i);
                fflush(stdout);
                if (give_turn(to_child[1]) < 0 || take_turn(to_parent[0]) < 0) {
                    fprintf(stderr, "the child stopped taking turns\n");
                    return 1;
                }
            }
            close(to_child[1]);
            close(to_parent[0]);
            int status;
            if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
                fprintf(stderr, "the child did not exit with status 0\n");
                return 1;
            }
            return 0;
        }
        """#

    /// A student version that uses a single pipe for both directions.
    static let onePipe = #"""
        #include <stdio.h>
        #include <stdlib.h>
        #include <sys/types.h>
        #include <sys/wait.h>
        #include <unistd.h>

        int main(int argc, char **argv)
        {
            long n = argc == 2 ? strtol(argv[1], NULL, 10) : 0;
            if (n < 1 || n > 1000) {
                fprintf(stderr, "usage: %s N (1 <= N <= 1000)\n", argv[0]);
                return 2;
            }
            int p[2];
            if (pipe(p) < 0) {
                perror("pipe");
                return 1;
            }
            char token = 't';
            pid_t pid = fork();
            if (pid == 0) {
                for (long i = 1; i <= n; i++) {
                    if (read(p[0], &token, 1) != 1)
                        exit(1);
                    printf("pong %ld\n", i);
                    fflush(stdout);
                    if (write(p[1], &token, 1) != 1)
                        exit(1);
                }
                exit(0);
            }
            for (long i = 1; i <= n; i++) {
                printf("ping %ld\n", i);
                fflush(stdout);
                if (write(p[1], &token, 1) != 1 || read(p[0], &token, 1) != 1)
                    return 1;
            }
            waitpid(pid, NULL, 0);
            return 0;
        }
        """#

    /// A student version that prints both sides' lines from one process.
    static let oneProcess = #"""
        #include <stdio.h>
        #include <stdlib.h>

        int main(int argc, char **argv)
        {
            long n = argc == 2 ? strtol(argv[1], NULL, 10) : 0;
            if (n < 1 || n > 1000) {
                fprintf(stderr, "usage: %s N (1 <= N <= 1000)\n", argv[0]);
                return 2;
            }
            for (long i = 1; i <= n; i++) {
                printf("ping %ld\n", i);
                printf("pong %ld\n", i);
            }
            return 0;
        }
        """#

    /// A student version that believes parent and child share a global `turn`.
    static let turnVariable = #"""
        #include <stdio.h>
        #include <stdlib.h>
        #include <sys/types.h>
        #include <sys/wait.h>
        #include <unistd.h>

        static volatile int turn; /* 0: parent's turn, 1: child's turn */

        int main(int argc, char **argv)
        {
            long n = argc == 2 ? strtol(argv[1], NULL, 10) : 0;
            if (n < 1 || n > 1000) {
                fprintf(stderr, "usage: %s N (1 <= N <= 1000)\n", argv[0]);
                return 2;
            }
            pid_t pid = fork();
            if (pid == 0) {
                for (long i = 1; i <= n; i++) {
                    while (turn != 1)
                        ;
                    printf("pong %ld\n", i);
                    fflush(stdout);
                    turn = 0;
                }
                exit(0);
            }
            for (long i = 1; i <= n; i++) {
                while (turn != 0)
                    ;
                printf("ping %ld\n", i);
                fflush(stdout);
                turn = 1;
            }
            waitpid(pid, NULL, 0);
            return 0;
        }
        """#
}
