import Foundation
import Glibc
import PsetSandbox
import Testing

extension SandboxSuites {
    /// Programs looking for the grader from inside: its executable, its command line, its descriptors,
    /// the kernel's other socket families.
    @Suite("Sandbox: nothing of the grader leaks", .timeLimit(.minutes(1)))
    struct LeakTests {
        /// C helpers of the programs below: whether a file can be read, how many entries a directory shows.
        static let probes = """
            #include <ctype.h>
            #include <dirent.h>
            #include <fcntl.h>
            #include <signal.h>
            #include <stdio.h>
            #include <sys/wait.h>
            #include <unistd.h>
            static void try_read(const char *path) {
                char buffer[64];
                int fd = open(path, O_RDONLY);
                printf("%s %s\\n", path, fd >= 0 && read(fd, buffer, sizeof buffer) > 0 ? "read" : "denied");
            }
            static int entries(const char *path) {
                DIR *directory = opendir(path);
                if (!directory) return -1;
                int count = 0;
                for (struct dirent *entry; (entry = readdir(directory));) count += entry->d_name[0] != '.';
                closedir(directory);
                return count;
            }
            """

        @Test("the running grader's executable is hidden wherever a mount would show it")
        func hidesTheExecutable() async throws {
            try await SandboxFixture.with { fixture in
                // This test process stands for the grader: its executable, shown by a mount of its directory.
                let executable = try #require(
                    try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
                let slash = try #require(executable.lastIndex(of: "/"))
                let directory = String(executable[..<slash])
                let name = String(executable[executable.index(after: slash)...])
                let program = try fixture.compile(
                    """
                    \(Self.probes)
                    int main(void) {
                        try_read("/grader/\(name)");
                        printf("grader directory %s\\n", entries("/grader") > 1 ? "shown" : "missing");
                        printf("/usr/local %d\\n", entries("/usr/local"));
                        return 0;
                    }
                    """)
                let result = try await fixture.run(
                    program, limits: SandboxFixture.tight,
                    mounts: [SandboxMount(hostPath: directory, sandboxPath: "/grader")])
                #expect(
                    result.standardOutputText
                        == "/grader/\(name) denied\ngrader directory shown\n/usr/local 0\n",
                    "\(result.standardErrorText)")
                #expect(
                    !((try? FileManager.default.contentsOfDirectory(atPath: "/usr/local")) ?? []).isEmpty,
                    "the host's /usr/local is empty: nothing tested")
            }
        }

        @Test("the grader's command line and environment stay out of sight: /proc shows the program's own processes")
        func hidesInit() async throws {
            try await SandboxFixture.with { fixture in
                let program = try fixture.compile(
                    """
                    \(Self.probes)
                    int main(void) {
                        pid_t child = fork();
                        if (child == 0) { pause(); _exit(0); }
                        try_read("/proc/1/cmdline");
                        try_read("/proc/1/environ");
                        try_read("/proc/1/stat");
                        try_read("/proc/self/maps");
                        printf("/proc/self/task %s\\n", entries("/proc/self/task") > 0 ? "listed" : "denied");
                        char path[64];
                        snprintf(path, sizeof path, "/proc/%d/status", (int)child);
                        try_read(path);
                        DIR *proc = opendir("/proc");
                        for (struct dirent *entry; (entry = readdir(proc));)
                            if (isdigit((unsigned char)entry->d_name[0])) printf("pid %s\\n", entry->d_name);
                        closedir(proc);
                        kill(child, SIGKILL);
                        waitpid(child, NULL, 0);
                        return 0;
                    }
                    """)
                let result = try await fixture.run(program, limits: SandboxFixture.tight)
                #expect(
                    result.standardOutputText == """
                        /proc/1/cmdline denied
                        /proc/1/environ denied
                        /proc/1/stat denied
                        /proc/self/maps read
                        /proc/self/task listed
                        /proc/3/status read
                        pid 2
                        pid 3

                        """, "\(result.standardErrorText)")
            }
        }

        @Test("a program holds standard input, output and error and no other descriptor")
        func inheritsNoDescriptors() async throws {
            try await SandboxFixture.with { fixture in
                let program = try fixture.compile(
                    """
                    #include <fcntl.h>
                    #include <stdio.h>
                    int main(void) {
                        for (int fd = 0; fd < 4096; fd++)
                            if (fcntl(fd, F_GETFD) >= 0) printf("%d ", fd);
                        puts("open");
                        return 0;
                    }
                    """)
                let result = try await fixture.run(program, limits: SandboxFixture.tight)
                #expect(result.standardOutputText == "0 1 2 open\n")
            }
        }

        @Test("sockets are Unix, IPv4 and IPv6 only; every other family is refused")
        func refusesOtherSocketFamilies() async throws {
            try await SandboxFixture.with { fixture in
                let program = try fixture.compile(
                    """
                    #define _GNU_SOURCE
                    #include <errno.h>
                    #include <stdio.h>
                    #include <sys/socket.h>
                    #include <sys/syscall.h>
                    #include <unistd.h>
                    static void try_socket(const char *name, long family, int type) {
                        long fd = syscall(SYS_socket, family, type, 0);
                        printf("%s %s\\n", name, fd >= 0 ? "created" : errno == EAFNOSUPPORT ? "refused" : "failed");
                        if (fd >= 0) close((int)fd);
                    }
                    int main(void) {
                        try_socket("unix", AF_UNIX, SOCK_STREAM);
                        try_socket("inet", AF_INET, SOCK_DGRAM);
                        try_socket("inet6", AF_INET6, SOCK_STREAM);
                        try_socket("vsock", AF_VSOCK, SOCK_STREAM);
                        try_socket("netlink", AF_NETLINK, SOCK_RAW);
                        try_socket("packet", AF_PACKET, SOCK_RAW);
                        try_socket("alg", AF_ALG, SOCK_SEQPACKET);
                        try_socket("bluetooth", AF_BLUETOOTH, SOCK_STREAM);
                        try_socket("vsock in disguise", (1L << 32) | AF_VSOCK, SOCK_STREAM);
                        int pair[2];
                        printf("unix pair %s\\n", socketpair(AF_UNIX, SOCK_STREAM, 0, pair) == 0 ? "created" : "failed");
                        printf("netlink pair %s\\n",
                               socketpair(AF_NETLINK, SOCK_RAW, 0, pair) < 0 && errno == EAFNOSUPPORT ? "refused" : "other");
                        return 0;
                    }
                    """)
                let result = try await fixture.run(program, limits: SandboxFixture.tight)
                #expect(
                    result.standardOutputText == """
                        unix created
                        inet created
                        inet6 created
                        vsock refused
                        netlink refused
                        packet refused
                        alg refused
                        bluetooth refused
                        vsock in disguise refused
                        unix pair created
                        netlink pair refused

                        """, "\(result.standardErrorText)")
            }
        }
    }
}
