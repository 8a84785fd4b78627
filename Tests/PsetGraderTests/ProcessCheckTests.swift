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
