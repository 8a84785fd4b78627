import Foundation
import PsetModel
import Testing

@testable import PsetGrader

@Suite("Process checks", .serialized, .timeLimit(.minutes(1)))
struct ProcessCheckTests {
    static let task = CodingTask(
        starter: [SourceFile(name: "parent.c", contents: "")],
        tests: [TaskTest(name: "family", points: 1, checks: [.children, .ipcCleanup])])

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
}
