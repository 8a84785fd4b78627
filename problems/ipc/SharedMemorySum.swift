import PsetModel

extension Bank {
    /// Pinned task: children writing results into a System V shared-memory segment.
    static let sharedMemorySum = CodingProblem("ipc/shm-sum") {
        Title("Children writing into shared memory")
        Topics(.sharedMemory, .forkCOW)
        Points(8)
        Prompt(
            """
            Write a whole program, `shmsum.c`, run as `./shmsum K` with 1 <= K <= 64.

            Requirements:
            - The parent creates a System V shared-memory segment (`shmget`) big enough for K `long`s and \
            attaches it (`shmat`).
            - It forks K children; child i (i = 0 .. K-1) stores `i * i` in slot i and exits 0.
            - The parent waits for all K children, then prints the sum of the K slots on one line (for K = 10: \
            `285`) and exits 0.
            - The segment is removed (`shmctl(..., IPC_RMID, ...)`) by the time the program ends: nothing is \
            left behind.

            Why shared memory at all? After `fork` a child's ordinary memory — globals, the stack, anything \
            from `malloc` — is its own copy (copy-on-write), so the parent would never see what the child \
            stored there. An attached segment stays shared across `fork`.
            """)
        Starter("shmsum.c", Source.starter)
        Reference("shmsum.c", Source.reference)
        Concurrency(.processes)
        Allows(.standard, .output, .processes, .sharedMemory, .fileDescriptors, .signals, .time)
        Requires(.segments, .atLeast(1), says: "The parent creates a System V shared-memory segment (`shmget`)")
        Requires(.children, .exactly(.argument), says: "It forks K children")

        TestCase(
            "k-10", points: 3, arguments: ["10"], output: Source.expected(10),
            checks: [.children, .ipcCleanup, .structure])
        TestCase(
            "k-1", points: 1, arguments: ["1"], output: Source.expected(1),
            checks: [.children, .ipcCleanup, .structure])
        TestCase(
            "k-64", points: 2, hidden: true, arguments: ["64"], output: Source.expected(64),
            checks: [.children, .ipcCleanup, .structure])
        TestCase(
            "k-33", points: 2, hidden: true, arguments: ["33"], output: Source.expected(33),
            checks: [.children, .ipcCleanup, .structure])

        Mutant(
            "no-rmid",
            reason: "segment not removed: the program never calls `shmctl(shmid, IPC_RMID, NULL)`",
            mustFail: ["k-10", "k-1"],
            File(
                "shmsum.c",
                Source.reference.replacing("    shmctl(shmid, IPC_RMID, NULL);\n    if (!ok)", with: "    if (!ok)")))
        Mutant(
            "no-wait",
            reason: """
                child not reaped: the parent sums the slots without waiting for its children, so it can read slots \
                before they are written and leaves the children unreaped
                """,
            mustFail: ["k-10", "k-64"],
            File(
                "shmsum.c",
                Source.reference.replacing(
                    """
                        int status;
                        while (wait(&status) > 0) {
                            if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
                                ok = 0;
                        }

                    """,
                    with: "")))
        Mutant(
            "malloc-not-shm",
            reason: """
                copy-on-write: the slots come from `malloc`, so each child writes into its own copy and the parent \
                still sees zeros
                """,
            mustFail: ["k-10", "k-64"],
            File("shmsum.c", Source.mallocSlots))
        Mutant(
            "one-child",
            reason: """
                one child does all the work: the parent forks a single child, which stores every slot, where the \
                task wants K children each storing its own
                """,
            mustFail: ["k-10", "k-64"],
            File(
                "shmsum.c",
                Source.reference
                    .replacing(
                        "    for (long i = 0; i < k; i++) {\n        pid_t pid = fork();",
                        with: "    do {\n        pid_t pid = fork();"
                    )
                    .replacing(
                        "            slots[i] = i * i;\n",
                        with: "            for (long i = 0; i < k; i++)\n                slots[i] = i * i;\n"
                    )
                    .replacing(
                        "        }\n    }\n    int status;\n", with: "        }\n    } while (0);\n    int status;\n")))
        Mutant(
            "wait-once",
            reason: """
                child not reaped: the parent waits for one child only, then sums slots that other children may not \
                have written yet
                """,
            mustFail: ["k-10", "k-64"],
            File(
                "shmsum.c",
                Source.reference.replacing("    while (wait(&status) > 0) {\n", with: "    if (wait(&status) > 0) {\n"))
        )
    }
}

/// The C sources of `ipc/shm-sum`.
private enum Source {
    /// What `./shmsum k` must print: the sum of i * i for i = 0 .. k-1.
    static func expected(_ k: Int) -> String {
        "\((0..<k).reduce(0) { $0 + $1 * $1 })\n"
    }

    static let starter = #"""
        #include <stdio.h>
        #include <stdlib.h>
        #include <sys/ipc.h>
        #include <sys/shm.h>
        #include <sys/types.h>
        #include <sys/wait.h>
        #include <unistd.h>

        int main(int argc, char **argv)
        {
            long k = argc == 2 ? strtol(argv[1], NULL, 10) : 0;
            if (k < 1 || k > 64) {
                fprintf(stderr, "usage: %s K (1 <= K <= 64)\n", argv[0]);
                return 2;
            }
            /* Create and attach a segment of k longs, fork k children (child i stores i * i in slot i),
               wait for them all, print the sum, and remove the segment. */
            return 0;
        }
        """#

    static let reference = #"""
        #include <stdio.h>
        #include <stdlib.h>
        #include <sys/ipc.h>
        #include <sys/shm.h>
        #include <sys/types.h>
        #include <sys/wait.h>
        #include <unistd.h>

        int main(int argc, char **argv)
        {
            long k = argc == 2 ? strtol(argv[1], NULL, 10) : 0;
            if (k < 1 || k > 64) {
                fprintf(stderr, "usage: %s K (1 <= K <= 64)\n", argv[0]);
                return 2;
            }
            int shmid = shmget(IPC_PRIVATE, sizeof(long) * (size_t)k, IPC_CREAT | 0600);
            if (shmid < 0) {
                perror("shmget");
                return 1;
            }
            long *slots = shmat(shmid, NULL, 0);
            if (slots == (void *)-1) {
                perror("shmat");
                shmctl(shmid, IPC_RMID, NULL);
                return 1;
            }
            int ok = 1;
            for (long i = 0; i < k; i++) {
                pid_t pid = fork();
                if (pid < 0) {
                    perror("fork");
                    ok = 0;
                    break;
                }
                if (pid == 0) {
                    /* The attached segment is shared with the parent, unlike the rest of this copy of memory. */
                    slots[i] = i * i;
                    _exit(0);
                }
            }
            int status;
            while (wait(&status) > 0) {
                if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
                    ok = 0;
            }
            long sum = 0;
            for (long i = 0; i < k; i++)
                sum += slots[i];
            shmdt(slots);
            shmctl(shmid, IPC_RMID, NULL);
            if (!ok) {
                fprintf(stderr, "a child failed\n");
                return 1;
            }
            printf("%ld\n", sum);
            return 0;
        }
        """#

    /// A student version that keeps the slots in ordinary heap memory.
    static let mallocSlots = #"""
        #include <stdio.h>
        #include <stdlib.h>
        #include <sys/types.h>
        #include <sys/wait.h>
        #include <unistd.h>

        int main(int argc, char **argv)
        {
            long k = argc == 2 ? strtol(argv[1], NULL, 10) : 0;
            if (k < 1 || k > 64) {
                fprintf(stderr, "usage: %s K (1 <= K <= 64)\n", argv[0]);
                return 2;
            }
            long *slots = calloc((size_t)k, sizeof *slots);
            for (long i = 0; i < k; i++) {
                if (fork() == 0) {
                    slots[i] = i * i;
                    _exit(0);
                }
            }
            while (wait(NULL) > 0)
                ;
            long sum = 0;
            for (long i = 0; i < k; i++)
                sum += slots[i];
            free(slots);
            printf("%ld\n", sum);
            return 0;
        }
        """#
}
