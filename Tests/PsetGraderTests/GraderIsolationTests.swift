import Foundation
import Glibc
import PsetModel
import PsetSandbox
import Testing

@testable import PsetGrader

@Suite("Grader isolation", .serialized, .timeLimit(.minutes(1)))
struct GraderIsolationTests {
    /// A program that passes a test only where no earlier test left its mark, which it then leaves.
    static let marker = SourceFile(
        name: "marker.c",
        contents: """
            #include <fcntl.h>
            #include <stdio.h>
            int main(void) {
                if (open("marker", O_WRONLY | O_CREAT | O_EXCL, 0644) < 0) {
                    fprintf(stderr, "another test's file is in the work directory\\n");
                    return 1;
                }
                return 0;
            }
            """)

    @Test("each test runs in a work directory of its own")
    func separatesTestDirectories() async throws {
        let task = CodingTask(
            starter: [SourceFile(name: "marker.c", contents: "")],
            tests: ["first", "second", "third"].map { TaskTest(name: $0, points: 1) },
            calls: CallPolicy(allowed: [.standard, .output, .files]))
        let report = await Fixtures.grader().grade(task, problemID: "ipc/marker", files: [Self.marker])
        #expect(report.verdict == .passed, "\(report.checks.map(\.message))")
        #expect(report.score == 3)
    }

    /// A program that fails if it holds a descriptor of the batch driver's beyond standard input, output and error
    /// (a copy of one of those is allowed: a reused process keeps them to put them back), or any other beyond the
    /// two pipes a reused process has to its fork server, its working directory and its own /proc entries, or can
    /// reach the batch driver's output or memory, where it could forge the results of its runs.
    static let descriptorProbe = SourceFile(
        name: "probe.c",
        contents: """
            #include <fcntl.h>
            #include <stdio.h>
            #include <string.h>
            #include <sys/stat.h>
            #include <unistd.h>
            int main(void) {
                struct stat standard[4];
                for (int fd = 0; fd < 3; fd++) fstat(fd, &standard[fd]);
                stat(".", &standard[3]);
                int pipes = 0;
                for (int fd = 3; fd < 4096; fd++) {
                    struct stat info;
                    if (fstat(fd, &info) != 0) continue;
                    int copy = 0;
                    for (int i = 0; i < 4; i++)
                        copy |= info.st_dev == standard[i].st_dev && info.st_ino == standard[i].st_ino;
                    if (copy) continue;
                    char link[64], target[256], own[64];
                    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
                    ssize_t length = readlink(link, target, sizeof target - 1);
                    target[length > 0 ? length : 0] = 0;
                    int prefix = snprintf(own, sizeof own, "/proc/%d/", (int)getpid());
                    if (strncmp(target, own, (size_t)prefix) == 0) continue;
                    if (S_ISFIFO(info.st_mode) && fd < 198 && ++pipes <= 2) continue;
                    fprintf(stderr, "descriptor %d is open\\n", fd);
                    return 1;
                }
                const char *places[] = {"fd/1", "mem"};
                for (int i = 0; i < 2; i++) {
                    char path[64];
                    snprintf(path, sizeof path, "/proc/%d/%s", (int)getppid(), places[i]);
                    if (open(path, O_RDWR) >= 0) {
                        fprintf(stderr, "the batch driver's %s is writable\\n", places[i]);
                        return 1;
                    }
                }
                return 0;
            }
            """)

    @Test("explored runs hold no descriptor of the batch driver's and cannot reach its output or memory")
    func exploredRunsInheritNoDescriptors() async throws {
        let report = try await Fixtures.grader().check(sources: [Self.descriptorProbe], schedules: 30)
        #expect(report.verdict == .ok, "\(report.report)")
        #expect(report.runs == 31)
    }

    @Test("binaries live in a directory only the grader may enter; a dead grader's are removed at start")
    func keepsBinariesPrivate() throws {
        let own = try TemporaryDirectory.make(prefix: "pset-bin")
        defer { TemporaryDirectory.remove(own) }
        var info = stat()
        #expect(stat(TemporaryDirectory.parent, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o700)
        #expect(own.hasPrefix(TemporaryDirectory.parent + "/pset-bin-\(ResourceOwner.current)-"))

        let dead = try deadProcess()
        let abandoned = "\(TemporaryDirectory.parent)/pset-bin-\(ResourceOwner(pid: dead, startTime: 1))-gone"
        #expect(mkdir(abandoned, 0o755) == 0)
        #expect(FileManager.default.createFile(atPath: "\(abandoned)/plain-0", contents: Data("x".utf8)))
        _ = Grader()
        #expect(access(abandoned, F_OK) != 0, "a dead grader's binaries are left")
        #expect(access(own, F_OK) == 0, "a running grader's binaries were removed")
    }

    /// The PID of a process that has exited and been reaped.
    private func deadProcess() throws -> pid_t {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }
}
