import Foundation
import Glibc
import PsetSandbox
import Testing

extension SandboxSuites {
    /// What happens to runs, and to what they hold on the host, when the grader running them dies.
    @Suite("Sandbox: runs die with the grader", .timeLimit(.minutes(1)))
    struct GraderDeathTests {
        /// The `pset` binary beside the test bundle, built with the tests.
        static var pset: String {
            let bundle =
                (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
                ?? CommandLine.arguments[0]
            return String(bundle[..<(bundle.lastIndex(of: "/") ?? bundle.startIndex)]) + "/pset"
        }

        @Test(
            "killing the grader with SIGKILL kills its run, setsid daemon included; the next grader removes what it left"
        )
        func runDiesWithTheGrader() async throws {
            let pset = Self.pset
            try #require(access(pset, X_OK) == 0, "\(pset) is missing: `swift build --build-tests` builds it")
            let directory = try HostCheck.makeDirectory()
            defer { HostCheck.removeTree(directory) }
            let source = "\(directory)/sleeper.c"
            guard let file = fopen(source, "w") else { throw SandboxError("cannot write \(source)") }
            fputs(
                """
                #include <unistd.h>
                int main(void) {
                    if (fork() == 0) {
                        setsid();
                        if (fork() == 0) { for (;;) pause(); }
                        _exit(0);
                    }
                    for (;;) pause();
                }
                """, file)
            fclose(file)
            try #require(try HostCheck.spawn(["/usr/bin/gcc", "-o", "\(directory)/sleeper", source]) == 0)
            let marker = "pset-orphan-\(getpid())"
            let grader = try HostCheck.start([
                "/bin/sh", "-c",
                "cd '\(directory)' && exec '\(pset)' sandbox run --wall 50 -- ./sleeper \(marker) </dev/null >/dev/null 2>&1",
            ])
            var reaped = false
            defer {
                if !reaped {
                    kill(grader, SIGKILL)
                    var status: Int32 = 0
                    waitpid(grader, &status, 0)
                }
            }
            let sleepers = try await HostCheck.waitFor(seconds: 20) {
                let found = HostCheck.processes(withArguments: ["./sleeper", marker])
                return found.count == 2 ? found : nil
            }
            let alive = { sleepers.filter { ResourceOwner(runningProcess: $0) != nil } }
            let owner = try #require(ResourceOwner(runningProcess: grader))
            let workspaces = {
                HostCheck.entries(of: "/tmp/pset-sandbox").filter { $0.hasPrefix("workspace-\(owner)-") }
            }
            let cgroups = { HostCheck.runCgroups(named: "pset-\(SandboxConfiguration().userID)-\(owner)-") }
            #expect(workspaces().count == 1)
            #expect(!cgroups().isEmpty)

            // A grader starting while this one lives leaves its run alone.
            Sandbox().removeLeftovers()
            #expect(workspaces().count == 1)
            #expect(!cgroups().isEmpty)
            #expect(alive().count == 2)

            let killed = ContinuousClock.now
            kill(grader, SIGKILL)
            var waitStatus: Int32 = 0
            waitpid(grader, &waitStatus, 0)
            reaped = true
            // Bounded generously for a loaded machine; the sleepers would otherwise outlive the test by minutes.
            _ = try? await HostCheck.waitFor(seconds: 20) { alive().isEmpty ? true : nil }
            #expect(alive().isEmpty, "the run outlived its grader")
            #expect(ContinuousClock.now - killed < .seconds(20))

            Sandbox().removeLeftovers()
            #expect(workspaces().isEmpty, "the dead grader's workspace is left")
            #expect(cgroups().isEmpty, "the dead grader's cgroups are left")
        }

        @Test("a starting grader removes what dead processes left, never what a running one owns")
        func removesOnlyWhatTheDeadLeft() async throws {
            let dead = try HostCheck.start(["/bin/true"])
            var status: Int32 = 0
            waitpid(dead, &status, 0)
            let current = try #require(ResourceOwner(runningProcess: getpid()))
            let deadOwner = ResourceOwner(pid: dead, startTime: current.startTime)
            // A process that died and whose PID now belongs to this one: same PID, another start time.
            let reused = ResourceOwner(pid: current.pid, startTime: current.startTime + 1)
            let staging = "/tmp/pset-sandbox"
            mkdir(staging, 0o700)
            let live = "\(staging)/workspace-\(current)-live"
            let leftovers = [
                "\(staging)/workspace-\(deadOwner)-dead", "\(staging)/workspace-\(reused)-reused",
                "\(staging)/building-\(deadOwner)-dead",
            ]
            for path in leftovers + [live] { #expect(mkdir(path, 0o755) == 0) }
            #expect(mount("pset-workspace", leftovers[0], "tmpfs", 0, "size=4096") == 0)
            defer {
                umount2(leftovers[0], Int32(MNT_DETACH))
                for path in leftovers + [live] { rmdir(path) }
            }
            let parent = try #require(HostCheck.cgroupParents(controllers: ["pids"]).first)
            let deadGroup = "\(parent)/pset-\(SandboxFixture.userID)-\(deadOwner)-dead"
            let liveGroup = "\(parent)/pset-\(SandboxFixture.userID)-\(current)-live"
            let unowned = "\(parent)/pset-\(SandboxFixture.userID)-unowned"
            for group in [deadGroup, liveGroup, unowned] { #expect(mkdir(group, 0o755) == 0) }
            defer { for group in [liveGroup, unowned] { rmdir(group) } }

            Sandbox().removeLeftovers()
            for path in leftovers + [deadGroup] { #expect(access(path, F_OK) != 0, "\(path) is left") }
            for path in [live, liveGroup, unowned] { #expect(access(path, F_OK) == 0, "\(path) was removed") }
        }
    }
}
