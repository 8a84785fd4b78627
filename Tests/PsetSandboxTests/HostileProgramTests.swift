import Glibc
import PsetSandbox
import Testing

extension SandboxSuites {
    /// Programs that attack the machine, each asserting its outcome and that the host is untouched.
    @Suite("Sandbox: hostile programs", .timeLimit(.minutes(1)))
    struct HostileProgramTests {
        @Test("a fork bomb hits the process limit")
        func forkBomb() async throws {
            try await SandboxFixture.with() { fixture in
                let program = try fixture.compile("#include <unistd.h>\nint main(void) { for (;;) fork(); }\n")
                let result = try await fixture.run(program, limits: SandboxFixture.tight)
                #expect(result.limitHit?.message == "fork failed: the process limit of 32 was reached")
                #expect(result.termination == .signaled(SIGKILL))
            }
        }

        @Test("a fork bomb that stops when fork fails is told the process limit")
        func forkUntilFailure() async throws {
            try await SandboxFixture.with() { fixture in
                let program = try fixture.compile(
                    """
                    #include <stdio.h>
                    #include <unistd.h>
                    int main(void) {
                        for (int i = 0;; i++) {
                            pid_t pid = fork();
                            if (pid == 0) { pause(); }
                            if (pid < 0) { printf("%d\\n", i); return 0; }
                        }
                    }
                    """)
                let result = try await fixture.run(program, limits: SandboxFixture.tight)
                #expect(result.termination == .exited(0))
                #expect(result.standardOutputText == "31\n")
                #expect(result.limitHit?.message == "fork failed: the process limit of 32 was reached")
                #expect(result.processes.aliveAtExit == 31)
            }
        }

        @Test("a thread bomb hits the process limit")
        func threadBomb() async throws {
            try await SandboxFixture.with() { fixture in
                let program = try fixture.compile(
                    """
                    #include <pthread.h>
                    #include <stdio.h>
                    #include <unistd.h>
                    static void *wait_forever(void *arg) { for (;;) pause(); return arg; }
                    int main(void) {
                        for (int i = 0;; i++) {
                            pthread_t thread;
                            if (pthread_create(&thread, 0, wait_forever, 0) != 0) { printf("%d\\n", i); return 0; }
                        }
                    }
                    """)
                let result = try await fixture.run(program, limits: SandboxFixture.tight)
                #expect(result.termination == .exited(0))
                #expect(result.standardOutputText == "31\n")
                #expect(result.limitHit?.kind == .processes)
            }
        }

        @Test("a memory bomb hits the memory limit")
        func memoryBomb() async throws {
            try await SandboxFixture.with() { fixture in
                let program = try fixture.compile(
                    """
                    #include <stdlib.h>
                    #include <string.h>
                    int main(void) { for (;;) { char *p = malloc(1 << 20); if (p) memset(p, 1, 1 << 20); } }
                    """)
                let result = try await fixture.run(program, limits: SandboxFixture.tight)
                #expect(result.termination == .signaled(SIGKILL))
                #expect(result.limitHit?.message == "out of memory: the memory limit of 128 MB was reached")
                #expect(result.peakMemoryBytes <= 128 << 20)
            }
        }

        @Test("a program spinning forever hits the CPU time limit")
        func spinsForever() async throws {
            try await SandboxFixture.with() { fixture in
                let program = try fixture.compile("int main(void) { for (volatile int i = 0;; i++) {} }\n")
                let result = try await fixture.run(program, limits: SandboxLimits(cpuSeconds: 1, wallSeconds: 10))
                #expect(result.limitHit?.kind == .cpu)
                #expect(result.cpuSeconds > 0.5)
            }
        }

        @Test("a program spinning in many processes hits the CPU time limit of the whole run")
        func spinsInManyProcesses() async throws {
            try await SandboxFixture.with() { fixture in
                let program = try fixture.compile(
                    "#include <unistd.h>\nint main(void) { fork(); fork(); for (volatile int i = 0;; i++) {} }\n")
                let result = try await fixture.run(program, limits: SandboxLimits(cpuSeconds: 1, wallSeconds: 10))
                #expect(result.limitHit?.kind == .cpu)
            }
        }

        @Test(
            "more spinning processes than CPUs wait for one, and the run says how long",
            .enabled(if: HostCheck.reportsCPUPressure, "the host reports no CPU pressure stall information"))
        func waitsForCPU() async throws {
            try await SandboxFixture.with() { fixture in
                let spinners = 2 * sysconf(Int32(_SC_NPROCESSORS_ONLN))
                let program = try fixture.compile(
                    """
                    #include <unistd.h>
                    int main(void) { for (int i = 1; i < \(spinners); i++) if (fork() == 0) break; for (volatile int i = 0;; i++) {} }
                    """)
                let result = try await fixture.run(program, limits: SandboxLimits(cpuSeconds: 1, wallSeconds: 10))
                #expect(result.limitHit?.kind == .cpu)
                #expect((result.cpuWaitSeconds ?? 0) > 0.1, "\(String(describing: result.cpuWaitSeconds))")
            }
        }

        @Test("a program sleeping or blocking forever hits the wall-time limit", arguments: ["sleep", "block"])
        func waitsForever(how: String) async throws {
            try await SandboxFixture.with() { fixture in
                let program = try fixture.compile(
                    """
                    #include <unistd.h>
                    int main(void) {
                        int p[2];
                        pipe(p);
                        char c;
                        if (\(how == "sleep" ? 1 : 0)) sleep(1000); else read(p[0], &c, 1);
                        return 0;
                    }
                    """)
                let result = try await fixture.run(program, limits: SandboxLimits(wallSeconds: 1))
                #expect(
                    result.limitHit?.message == "timed out: the program was still running after the time limit of 1 s")
                #expect(result.termination == .signaled(SIGKILL))
            }
        }

        @Test("an output flood is cut at the output limit")
        func floodsOutput() async throws {
            try await SandboxFixture.with() { fixture in
                let program = try fixture.compile("#include <stdio.h>\nint main(void) { for (;;) puts(\"flood\"); }\n")
                let result = try await fixture.run(program, limits: SandboxFixture.tight)
                #expect(result.limitHit?.kind == .output)
                #expect(result.standardOutput.count == 64 << 10)
                #expect(result.standardOutputTruncated)
            }
        }

        @Test("a disk flood fills only the work directory's quota and the private /tmp")
        func floodsDisk() async throws {
            try await SandboxFixture.with(capacityBytes: 2 << 20) { fixture in
                let program = try fixture.compile(
                    """
                    #include <stdio.h>
                    #include <string.h>
                    int main(void) {
                        static char block[65536];
                        memset(block, 'x', sizeof block);
                        const char *places[] = {"flood-%d", "/tmp/flood-%d", "/dev/shm/flood-%d"};
                        for (int place = 0; place < 3; place++) {
                            long total = 0;
                            for (int i = 0;; i++) {
                                char name[64];
                                snprintf(name, sizeof name, places[place], i);
                                FILE *f = fopen(name, "w");
                                if (!f) break;
                                size_t n = fwrite(block, 1, sizeof block, f);
                                int bad = fclose(f) != 0 || n != sizeof block;
                                if (bad) break;
                                total += n;
                            }
                            printf("%ld\\n", total);
                        }
                        return 0;
                    }
                    """)
                let result = try await fixture.run(program, limits: SandboxFixture.tight)
                #expect(result.termination == .exited(0))
                let totals = result.standardOutputText.split(separator: "\n").compactMap { Int($0) }
                #expect(totals.count == 3)
                #expect(totals.allSatisfy { $0 <= 8 << 20 })
                #expect(totals.first.map { $0 <= 2 << 20 } ?? false)
                #expect(result.limitHit?.message == "disk full: the work directory's limit of 2 MB was reached")
            }
        }

        @Test("a file growing past the file size limit stops the program")
        func growsAFile() async throws {
            try await SandboxFixture.with { fixture in
                let program = try fixture.compile(
                    """
                    #include <stdio.h>
                    int main(void) {
                        FILE *f = fopen("big", "w");
                        for (long i = 0; i < (8L << 20); i++) fputc('x', f);
                        fclose(f);
                        return 0;
                    }
                    """)
                let result = try await fixture.run(program, limits: SandboxFixture.tight)
                #expect(result.termination == .signaled(SIGXFSZ))
                #expect(result.limitHit?.message == "file too large: the file size limit of 4 MB was reached")
            }
        }

        @Test("a program opening files until it cannot stops at the open-files limit")
        func exhaustsDescriptors() async throws {
            try await SandboxFixture.with() { fixture in
                let program = try fixture.compile(
                    """
                    #include <errno.h>
                    #include <fcntl.h>
                    #include <stdio.h>
                    int main(void) {
                        int count = 0;
                        while (open("/dev/null", O_RDONLY) >= 0) count++;
                        printf("%d %s\\n", count, errno == EMFILE ? "EMFILE" : "other");
                        return 0;
                    }
                    """)
                let result = try await fixture.run(program, limits: SandboxFixture.tight)
                #expect(result.standardOutputText == "61 EMFILE\n")
            }
        }

        @Test("a double-forked setsid daemon dies with the run")
        func daemonDies() async throws {
            try await SandboxFixture.with() { fixture in
                let program = try fixture.compile(
                    """
                    #include <stdlib.h>
                    #include <unistd.h>
                    int main(void) {
                        if (fork() == 0) {
                            setsid();
                            if (fork() == 0) { close(0); close(1); close(2); for (;;) pause(); }
                            _exit(0);
                        }
                        usleep(100000);
                        return 0;
                    }
                    """)
                let result = try await fixture.run(program, limits: SandboxFixture.tight)
                #expect(result.termination == .exited(0))
                #expect(result.limitHit == nil)
                #expect(result.processes.aliveAtExit == 1)
                #expect(result.wallSeconds < 4)
            }
        }

        @Test("writing outside the work directory fails, and nothing appears on the host")
        func writesOutside() async throws {
            try await SandboxFixture.with() { fixture in
                let marker = "pset-escape-\(getpid())"
                let program = try fixture.compile(
                    """
                    #include <fcntl.h>
                    #include <stdio.h>
                    #include <unistd.h>
                    static void try_write(const char *path) {
                        int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
                        printf("%s %s\\n", path, fd >= 0 && write(fd, "x", 1) == 1 ? "written" : "denied");
                    }
                    int main(void) {
                        symlink("/", "root-link");
                        symlink("/etc/passwd", "passwd-link");
                        try_write("/etc/passwd");
                        try_write("/usr/\(marker)");
                        try_write("/\(marker)");
                        try_write("../\(marker)");
                        try_write("../../../../\(marker)");
                        try_write("root-link/usr/\(marker)");
                        try_write("passwd-link");
                        try_write("/proc/sys/kernel/hostname");
                        return 0;
                    }
                    """)
                let result = try await fixture.run(program, limits: SandboxFixture.tight)
                let lines = result.standardOutputText.split(separator: "\n")
                #expect(lines.count == 8)
                #expect(lines.allSatisfy { $0.hasSuffix(" denied") }, "\(result.standardOutputText)")
                for path in ["/usr/\(marker)", "/\(marker)", "/tmp/\(marker)", "/tmp/pset-sandbox/\(marker)"] {
                    #expect(access(path, F_OK) != 0, "\(path) exists on the host")
                }
            }
        }

        @Test("secrets of the host stay unreadable")
        func readsSecrets() async throws {
            try await SandboxFixture.with() { fixture in
                let secret = "/tmp/pset-sandbox-test-secret-\(getpid())"
                guard let file = fopen(secret, "w") else { throw SandboxError("cannot write \(secret)") }
                fputs("grader secret\n", file)
                fclose(file)
                defer { unlink(secret) }
                let program = try fixture.compile(
                    """
                    #include <fcntl.h>
                    #include <stdio.h>
                    #include <unistd.h>
                    static void try_read(const char *path) {
                        char buffer[64];
                        int fd = open(path, O_RDONLY);
                        printf("%s %s\\n", path, fd >= 0 && read(fd, buffer, sizeof buffer) > 0 ? "read" : "denied");
                    }
                    int main(void) {
                        try_read("/etc/shadow");
                        try_read("/proc/1/environ");
                        try_read("/proc/1/mem");
                    try_read("/proc/\(getpid())/environ");
                        try_read("\(secret)");
                        try_read("/root/.bash_history");
                        try_read("/work/../etc/shadow");
                        return 0;
                    }
                    """)
                let result = try await fixture.run(program, limits: SandboxFixture.tight)
                let lines = result.standardOutputText.split(separator: "\n")
                #expect(lines.count == 7)
                #expect(lines.allSatisfy { $0.hasSuffix(" denied") }, "\(result.standardOutputText)")
                #expect(!result.standardOutputText.contains("grader secret"))
            }
        }

        @Test("the host's loopback services are out of reach, the sandbox's own loopback works")
        func connectsToHostServices() async throws {
            try await SandboxFixture.with() { fixture in
                let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
                defer { close(listener) }
                var address = sockaddr_in()
                address.sin_family = sa_family_t(AF_INET)
                address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
                let bound = withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                    }
                }
                #expect(bound == 0)
                #expect(listen(listener, 4) == 0)
                var length = socklen_t(MemoryLayout<sockaddr_in>.size)
                _ = withUnsafeMutablePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
                }
                let port = UInt16(bigEndian: address.sin_port)
                let program = try fixture.compile(
                    """
                    #include <arpa/inet.h>
                    #include <stdio.h>
                    #include <unistd.h>
                    static int try_connect(int port) {
                        int s = socket(AF_INET, SOCK_STREAM, 0);
                        struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
                        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
                        return connect(s, (struct sockaddr *)&a, sizeof a);
                    }
                    int main(void) {
                        printf("host %s\\n", try_connect(\(port)) == 0 ? "connected" : "refused");
                        int l = socket(AF_INET, SOCK_STREAM, 0);
                        struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(7000) };
                        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
                        bind(l, (struct sockaddr *)&a, sizeof a);
                        listen(l, 1);
                        printf("own %s\\n", try_connect(7000) == 0 ? "connected" : "refused");
                        printf("outside %s\\n", try_connect(80) == 0 ? "connected" : "refused");
                        return 0;
                    }
                    """)
                let result = try await fixture.run(program, limits: SandboxFixture.tight)
                #expect(result.standardOutputText == "host refused\nown connected\noutside refused\n")
            }
        }

        @Test("kill(-1, SIGKILL) and signalling its parent touch nothing outside")
        func killsEverything() async throws {
            try await SandboxFixture.with() { fixture in
                // A host process of the very same user: only namespaces keep the program from it.
                let bystander = try HostCheck.start([
                    "/usr/bin/setpriv", "--reuid=\(SandboxFixture.userID)", "--regid=\(SandboxFixture.userID)",
                    "--clear-groups", "/bin/sleep", "30",
                ])
                defer {
                    kill(bystander, SIGKILL)
                    var status: Int32 = 0
                    waitpid(bystander, &status, 0)
                }
                try await Task.sleep(for: .milliseconds(100))
                let program = try fixture.compile(
                    """
                    #include <signal.h>
                    #include <stdio.h>
                    #include <sys/wait.h>
                    #include <unistd.h>
                    int main(void) {
                        pid_t child = fork();
                        if (child == 0) { for (;;) pause(); }
                        printf("parent %d\\n", kill(getppid(), SIGKILL));
                        printf("host %d\\n", kill(\(bystander), SIGKILL));
                        kill(-1, SIGKILL);
                        int status;
                        waitpid(child, &status, 0);
                        printf("child %s\\n", WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL ? "killed" : "alive");
                        return 0;
                    }
                    """)
                let result = try await fixture.run(program, limits: SandboxFixture.tight)
                #expect(result.standardOutputText == "parent -1\nhost -1\nchild killed\n")
                #expect(result.termination == .exited(0))
                #expect(kill(bystander, 0) == 0, "the host process of the same user was killed")
                kill(bystander, SIGKILL)
                var status: Int32 = 0
                waitpid(bystander, &status, 0)
            }
        }

        @Test("ptrace of its parent is denied")
        func tracesParent() async throws {
            try await SandboxFixture.with() { fixture in
                let program = try fixture.compile(
                    """
                    #define _GNU_SOURCE
                    #include <errno.h>
                    #include <stdio.h>
                    #include <sys/ptrace.h>
                    #include <sys/uio.h>
                    #include <unistd.h>
                    int main(void) {
                        long attach = ptrace(PTRACE_ATTACH, getppid(), 0, 0);
                        printf("attach %ld %s\\n", attach, errno == EPERM ? "EPERM" : "other");
                        long me = ptrace(PTRACE_TRACEME, 0, 0, 0);
                        printf("traceme %ld\\n", me);
                        char buffer[8];
                        struct iovec local = { buffer, 8 }, remote = { (void *)0x400000, 8 };
                        printf("vm %zd\\n", process_vm_readv(getppid(), &local, 1, &remote, 1, 0));
                        return 0;
                    }
                    """)
                let result = try await fixture.run(program, limits: SandboxFixture.tight)
                #expect(result.standardOutputText == "attach -1 EPERM\ntraceme -1\nvm -1\n")
            }
        }

        @Test("System V objects left behind are recorded, then removed")
        func leavesSharedMemory() async throws {
            try await SandboxFixture.with() { fixture in
                let program = try fixture.compile(
                    """
                    #include <sys/ipc.h>
                    #include <sys/msg.h>
                    #include <sys/sem.h>
                    #include <sys/shm.h>
                    int main(void) {
                        shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
                        shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
                        semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
                        msgget(IPC_PRIVATE, IPC_CREAT | 0600);
                        return 0;
                    }
                    """)
                let result = try await fixture.run(program, limits: SandboxFixture.tight)
                #expect(
                    result.ipc
                        == SandboxIPCRecord(
                            sharedMemorySegments: 2, semaphoreSets: 1, messageQueues: 1, pipesCreated: 0,
                            socketsCreated: 0, segmentsCreated: 2))
            }
        }

        @Test("a compile that blows up the compiler is stopped by a limit")
        func blowsUpTheCompiler() async throws {
            try await SandboxFixture.with() { fixture in
                var source = "#define A0 x x x x x x x x\n"
                for level in 1...12 {
                    source += "#define A\(level) A\(level - 1) A\(level - 1) A\(level - 1) A\(level - 1)\n"
                }
                source += "int x = A12;\n"
                try fixture.write(source, to: "bomb.c")
                let limits = SandboxLimits(cpuSeconds: 3, wallSeconds: 6, memoryBytes: 256 << 20, outputBytes: 64 << 10)
                let result = try await fixture.run("gcc", ["-c", "bomb.c"], limits: limits)
                #expect(result.limitHit != nil)
                #expect(result.termination != .exited(0))
            }
        }

        @Test("#include \"/etc/shadow\" does not reveal the host's shadow file")
        func includesShadow() async throws {
            try await SandboxFixture.with() { fixture in
                try fixture.write("#include \"/etc/shadow\"\nint main(void) { return 0; }\n", to: "shadow.c")
                let result = try await fixture.run("gcc", ["-o", "shadow", "shadow.c"], limits: SandboxFixture.tight)
                #expect(result.termination == .exited(1))
                #expect(result.standardErrorText.contains("No such file or directory"))
                let shadow = HostCheck.read("/etc/shadow")
                for line in shadow.split(separator: "\n") {
                    let user = line.split(separator: ":").first.map(String.init) ?? ""
                    #expect(!result.standardErrorText.contains(user + ":"), "\(user) from /etc/shadow leaked")
                }
            }
        }
    }
}
