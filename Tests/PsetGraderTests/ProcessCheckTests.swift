import Foundation
import PsetModel
import Testing

@testable import PsetGrader

@Suite("Process checks", .serialized, .timeLimit(.minutes(1)))
struct ProcessCheckTests {
    static let task = CodingTask(
        starter: [SourceFile(name: "parent.c", contents: "")],
        tests: [TaskTest(name: "family", points: 1, checks: [.children, .ipcCleanup])], calls: Fixtures.everyFamily)

    /// A parent that forks three children, each writing into a System V segment; `wait` and `remove` fix its bugs.
    static func parent(waits: Bool, removes: Bool) -> SourceFile {
        SourceFile(
            name: "parent.c",
            contents: """
                #include <stdio.h>
                #include <sys/ipc.h>
                #include <sys/shm.h>
                #include <sys/wait.h>
                #include <unistd.h>

                int main(void) {
                    int id = shmget(IPC_PRIVATE, 3 * sizeof(long), IPC_CREAT | 0600);
                    long *slots = shmat(id, NULL, 0);
                    for (int i = 0; i < 3; i++) {
                        if (fork() == 0) {
                            slots[i] = i;
                            \(waits ? "" : "sleep(2);")
                            _exit(0);
                        }
                    }
                    \(waits ? "for (int i = 0; i < 3; i++) wait(NULL);" : "")
                    shmdt(slots);
                    \(removes ? "shmctl(id, IPC_RMID, NULL);" : "")
                    return 0;
                }
                """)
    }

    /// A parent and a child printing `ping i` and `pong i` in turn over two pipes; the child either flushes its
    /// line before it hands the turn back, or after, which keeps the order only while it runs on in time.
    static func turnTaking(flushesFirst: Bool) -> SourceFile {
        let handBack = "write(up[1], &token, 1);"
        return SourceFile(
            name: "turns.c",
            contents: """
                #include <stdio.h>
                #include <sys/wait.h>
                #include <unistd.h>

                int main(void) {
                    int down[2], up[2];
                    char token = 't';
                    if (pipe(down) < 0 || pipe(up) < 0) return 1;
                    pid_t child = fork();
                    if (child == 0) {
                        for (int i = 1; i <= 5; i++) {
                            if (read(down[0], &token, 1) != 1) _exit(1);
                            printf("pong %d\\n", i);
                            \(flushesFirst ? "fflush(stdout); \(handBack)" : "\(handBack) fflush(stdout);")
                        }
                        _exit(0);
                    }
                    for (int i = 1; i <= 5; i++) {
                        printf("ping %d\\n", i);
                        fflush(stdout);
                        if (write(down[1], &token, 1) != 1 || read(up[0], &token, 1) != 1) return 1;
                    }
                    waitpid(child, NULL, 0);
                    return 0;
                }
                """)
    }

    @Test("output in order only while the writer runs on comes out of order under perturbed timing; its twin never")
    func perturbedTimingBreaksLuckyOrder() async throws {
        let lucky = try await CompiledProgram(Self.turnTaking(flushesFirst: false))
        let careful = try await CompiledProgram(Self.turnTaking(flushesFirst: true))
        let expected = (1...5).map { "ping \($0)\npong \($0)\n" }.joined()
        var outOfOrder = 0
        for index in 0..<10 {
            let seed = SeedToken.sequence("perturbed", index: index).description
            if try await lucky.run(seed: seed, perturbed: true).output != expected { outOfOrder += 1 }
            #expect(try await careful.run(seed: seed, perturbed: true).output == expected)
        }
        #expect(outOfOrder >= 8, "only \(outOfOrder) of 10 perturbed runs came out of order")
    }

    @Test("children still running when the parent ends are reported")
    func catchesUnreapedChildren() async throws {
        let report = await Fixtures.grader().grade(
            Self.task, problemID: "ipc/family", files: [Self.parent(waits: false, removes: true)])
        let check = try #require(report.checks.first)
        #expect(check.failedCheck == "children")
        #expect(check.message.hasPrefix("child process not reaped"))
    }

    @Test("a segment left behind is reported")
    func catchesSegmentLeftBehind() async throws {
        let report = await Fixtures.grader().grade(
            Self.task, problemID: "ipc/family", files: [Self.parent(waits: true, removes: false)])
        let check = try #require(report.checks.first)
        #expect(check.failedCheck == "ipc-cleanup")
        #expect(check.message.hasPrefix("shared-memory segment not removed"))
    }

    @Test("a parent that reaps its children and removes its segment passes")
    func passesCleanParent() async throws {
        let report = await Fixtures.grader().grade(
            Self.task, problemID: "ipc/family", files: [Self.parent(waits: true, removes: true)])
        #expect(report.verdict == .passed)
    }

    /// A task that must fork N children, one at a time, and hear from each over a pipe.
    static let structured = CodingTask(
        starter: [SourceFile(name: "kids.c", contents: "")],
        tests: [TaskTest(name: "three", points: 1, arguments: ["3"], checks: [.children, .structure])],
        calls: Fixtures.everyFamily,
        requirements: [
            StructureRequirement(.children, .exactly(.argument), says: "forks N children"),
            StructureRequirement(.childrenAtOnce, .atMost(1), says: "one at a time"),
            StructureRequirement(.pipes, .atLeast(1), says: "each tells the parent over a pipe"),
        ])

    /// N children each writing a byte into a pipe (or, without `pipe`, nothing), forked one at a time or all at
    /// once, or none at all when `forks` is false and the parent writes the bytes itself.
    static func kids(forks: Bool = true, oneAtATime: Bool = true, pipe: Bool = true) -> SourceFile {
        let child = pipe ? "write(p[1], \"k\", 1); _exit(0);" : "_exit(0);"
        return SourceFile(
            name: "kids.c",
            contents: """
                #include <stdlib.h>
                #include <sys/wait.h>
                #include <unistd.h>

                int main(int argc, char **argv) {
                    int n = argc > 1 ? atoi(argv[1]) : 0;
                    int p[2];
                    \(pipe ? "if (pipe(p) < 0) return 1;" : "")
                    for (int i = 0; i < n; i++) {
                        \(forks ? "if (fork() == 0) { \(child) }" : "")
                        \(oneAtATime ? "wait(NULL);" : "")
                    }
                    while (wait(NULL) > 0)
                        ;
                    return 0;
                }
                """)
    }

    @Test("a run breaking the task's Requires lines fails in the prompt's words; its twin passes")
    func structureRequirements() async throws {
        let grader = Fixtures.grader()
        func message(_ file: SourceFile) async -> String? {
            let report = await grader.grade(Self.structured, problemID: "ipc/kids", files: [file])
            return report.checks.first.flatMap { $0.passed ? nil : $0.message }
        }
        #expect(await message(Self.kids()) == nil)
        #expect(
            await message(Self.kids(forks: false))
                == "process structure: the program created 0 child processes, but the task says: \"forks N children\"")
        #expect(
            await message(Self.kids(oneAtATime: false))
                == "process structure: the program had 3 child processes at once, but the task says: \"one at a time\"")
        #expect(
            await message(Self.kids(pipe: false))
                == "process structure: the program created 0 pipes, but the task says: \"each tells the parent over a pipe\""
        )
    }
}
