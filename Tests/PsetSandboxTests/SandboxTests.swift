import Glibc
import PsetSandbox
import Testing

extension SandboxSuites {
    @Suite("Sandbox: ordinary programs", .timeLimit(.minutes(1)))
    struct SandboxTests {
        @Test("a program's output, status and isolation are reported")
        func reportsAnOrdinaryRun() async throws {
            try await SandboxFixture.with() { fixture in
                let program = try fixture.compile(
                    """
                    #include <stdio.h>
                    #include <unistd.h>
                    int main(void) {
                        printf("pid %d uid %d gid %d\\n", (int)getpid(), (int)getuid(), (int)getgid());
                        fprintf(stderr, "to stderr\\n");
                        return 3;
                    }
                    """)
                let result = try await fixture.run(program)
                #expect(result.termination == .exited(3))
                #expect(
                    result.standardOutputText == "pid 2 uid \(SandboxFixture.userID) gid \(SandboxFixture.userID)\n")
                #expect(result.standardErrorText == "to stderr\n")
                #expect(result.limitHit == nil)
                #expect(
                    result.processes
                        == SandboxProcessRecord(
                            tasksCreated: 1, aliveAtExit: 0, zombiesAtExit: 0, processesCreated: 1, mostAtOnce: 1))
                #expect(
                    result.isolation.isSuperset(of: [.pidNamespace, .networkNamespace, .seccomp, .noNewPrivileges]))
                #expect(result.peakMemoryBytes > 0)
            }
        }

        @Test("a program that cannot be executed is an error of the sandbox, not a result")
        func failsToExecute() async throws {
            try await SandboxFixture.with { fixture in
                try fixture.write("not a program\n", to: "text")
                let error = await #expect(throws: SandboxError.self) { try await fixture.run("./missing") }
                #expect(error?.message == "cannot execute ./missing in the sandbox: No such file or directory")
                await #expect(throws: SandboxError.self) { try await fixture.run("./text") }
                await #expect(throws: SandboxError.self) { try await fixture.run("no-such-command") }
            }
        }

        @Test("a signal that kills the program is reported as such")
        func reportsASignal() async throws {
            try await SandboxFixture.with() { fixture in
                let program = try fixture.compile("#include <signal.h>\nint main(void) { raise(SIGSEGV); return 0; }\n")
                let result = try await fixture.run(program)
                #expect(result.termination == .signaled(SIGSEGV))
                #expect(result.limitHit == nil)
            }
        }

        @Test("standard input is delivered, then end of file")
        func deliversStandardInput() async throws {
            try await SandboxFixture.with() { fixture in
                let input = String(repeating: "0123456789abcdef\n", count: 20_000)
                let result = try await fixture.run("cat", input: input)
                #expect(result.termination == .exited(0))
                #expect(result.standardOutputText == input)
            }
        }

        @Test("gcc compiles inside the sandbox and its program runs there")
        func compilesWithGCC() async throws {
            try await SandboxFixture.with() { fixture in
                try fixture.write(
                    "#include <stdio.h>\nint main(void) { puts(\"compiled inside\"); return 0; }\n", to: "hello.c")
                let compile = try await fixture.run(
                    "gcc", ["-std=gnu17", "-Wall", "-pthread", "-g", "-o", "hello", "hello.c"])
                #expect(compile.termination == .exited(0), "\(compile.standardErrorText)")
                let result = try await fixture.run("./hello")
                #expect(result.standardOutputText == "compiled inside\n")
            }
        }

        @Test("a ThreadSanitizer binary runs and reports its race")
        func runsThreadSanitizer() async throws {
            try await SandboxFixture.with() { fixture in
                let program = try fixture.compile(
                    """
                    #include <pthread.h>
                    #include <stdio.h>
                    static long counter;
                    static void *add(void *arg) { for (int i = 0; i < 1000; i++) counter++; return arg; }
                    int main(void) {
                        pthread_t a, b;
                        pthread_create(&a, 0, add, 0);
                        pthread_create(&b, 0, add, 0);
                        pthread_join(a, 0);
                        pthread_join(b, 0);
                        printf("%ld\\n", counter);
                        return 0;
                    }
                    """, flags: ["-fsanitize=thread", "-g"])
                let result = try await fixture.run(program)
                #expect(
                    result.standardErrorText.contains("WARNING: ThreadSanitizer: data race"),
                    "\(result.standardErrorText)")
                #expect(result.limitHit == nil)
            }
        }

        @Test("a library in a read-only mount can be preloaded")
        func preloadsFromAMount() async throws {
            try await SandboxFixture.with() { fixture in
                let library = "/tmp/pset-sandbox-test-preload-\(getpid())"
                mkdir(library, 0o755)
                defer {
                    unlink("\(library)/hook.so")
                    unlink("\(library)/hook.c")
                    rmdir(library)
                }
                let source = "\(library)/hook.c"
                guard let file = fopen(source, "w") else { throw SandboxError("cannot write \(source)") }
                fputs(
                    "#include <stdio.h>\n__attribute__((constructor)) static void hook(void) { puts(\"preloaded\"); }\n",
                    file)
                fclose(file)
                #expect(
                    try HostCheck.spawn(["/usr/bin/gcc", "-shared", "-fPIC", "-o", "\(library)/hook.so", source]) == 0)
                let program = try fixture.compile("int main(void) { return 0; }\n")
                var environment = SandboxRequest.defaultEnvironment
                environment["LD_PRELOAD"] = "/preload/hook.so"
                let result = try await fixture.run(
                    program, mounts: [SandboxMount(hostPath: library, sandboxPath: "/preload")],
                    environment: environment)
                #expect(result.standardOutputText == "preloaded\n")
            }
        }

        @Test("children left running and zombies left unreaped are recorded")
        func recordsLeftovers() async throws {
            try await SandboxFixture.with() { fixture in
                let program = try fixture.compile(
                    """
                    #include <unistd.h>
                    int main(void) {
                        if (fork() == 0) { pause(); }
                        if (fork() == 0) { _exit(0); }
                        usleep(200000);
                        return 0;
                    }
                    """)
                let result = try await fixture.run(program)
                #expect(result.termination == .exited(0))
                #expect(
                    result.processes
                        == SandboxProcessRecord(
                            tasksCreated: 3, aliveAtExit: 1, zombiesAtExit: 1, processesCreated: 3, mostAtOnce: 3))
            }
        }

        @Test("processes, not threads, are counted, and the pipes, sockets and segments a run makes")
        func recordsWhatARunMakes() async throws {
            try await SandboxFixture.with() { fixture in
                let program = try fixture.compile(
                    """
                    #include <pthread.h>
                    #include <sys/shm.h>
                    #include <sys/socket.h>
                    #include <sys/stat.h>
                    #include <sys/wait.h>
                    #include <unistd.h>
                    static void *idle(void *unused) { return unused; }
                    int main(void) {
                        pthread_t threads[3];
                        for (int i = 0; i < 3; i++) pthread_create(&threads[i], NULL, idle, NULL);
                        for (int i = 0; i < 3; i++) pthread_join(threads[i], NULL);
                        int p[2], sv[2];
                        pipe(p);
                        pipe2(p, 0);
                        mkfifo("fifo", 0600);
                        socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
                        shmctl(shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600), IPC_RMID, NULL);
                        for (int i = 0; i < 2; i++) {
                            if (fork() == 0) {
                                if (i == 0 && fork() == 0) _exit(0);
                                wait(NULL);
                                _exit(0);
                            }
                        }
                        while (wait(NULL) > 0) {}
                        return 0;
                    }
                    """)
                let result = try await fixture.run(program)
                #expect(result.termination == .exited(0))
                #expect(result.processes.tasksCreated == 7)
                #expect(result.processes.processesCreated == 4)
                #expect(result.processes.threadsCreated == 3)
                #expect(result.ipc.pipesCreated == 3)
                #expect(result.ipc.socketsCreated == 1)
                #expect(result.ipc.segmentsCreated == 1)
            }
        }

        @Test("the most processes at once counts children not yet waited for")
        func recordsMostAtOnce() async throws {
            try await SandboxFixture.with() { fixture in
                let program = try fixture.compile(
                    """
                    #include <stdlib.h>
                    #include <sys/wait.h>
                    #include <unistd.h>
                    int main(int argc, char **argv) {
                        for (int i = 0; i < 4; i++) {
                            if (fork() == 0) _exit(0);
                            if (argc > 1) wait(NULL);
                        }
                        while (wait(NULL) > 0) {}
                        return 0;
                    }
                    """)
                let together = try await fixture.run(program)
                #expect(together.processes.mostAtOnce == 5)
                let inTurn = try await fixture.run(program, ["in-turn"])
                #expect(inTurn.processes.mostAtOnce == 2)
                #expect(inTurn.processes.processesCreated == 5)
            }
        }

        @Test("runs in parallel do not see each other")
        func runsInParallel() async throws {
            try await SandboxFixture.with() { fixture in
                let program = try fixture.compile(
                    """
                    #include <arpa/inet.h>
                    #include <stdio.h>
                    #include <unistd.h>
                    int main(void) {
                        int s = socket(AF_INET, SOCK_STREAM, 0);
                        struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(5555) };
                        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
                        if (bind(s, (struct sockaddr *)&a, sizeof a) != 0) { perror("bind"); return 1; }
                        usleep(300000);
                        printf("%d\\n", (int)getpid());
                        return 0;
                    }
                    """)
                let results = try await withThrowingTaskGroup(of: SandboxResult.self) { group in
                    for _ in 0..<4 { group.addTask { try await fixture.run(program) } }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(results.count == 4)
                for result in results {
                    #expect(result.termination == .exited(0), "\(result.standardErrorText)")
                    #expect(result.standardOutputText == "2\n")
                }
            }
        }

        @Test("a run finds the loopback ports of the run before it free")
        func reusesNoPorts() async throws {
            try await SandboxFixture.with { fixture in
                // The server closes first, which would leave its port in TIME_WAIT for a minute.
                let program = try fixture.compile(
                    """
                    #include <arpa/inet.h>
                    #include <stdio.h>
                    #include <unistd.h>
                    int main(void) {
                        int l = socket(AF_INET, SOCK_STREAM, 0);
                        struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(6000) };
                        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
                        if (bind(l, (struct sockaddr *)&a, sizeof a) != 0) { perror("bind"); return 1; }
                        listen(l, 1);
                        int c = socket(AF_INET, SOCK_STREAM, 0);
                        if (connect(c, (struct sockaddr *)&a, sizeof a) != 0) { perror("connect"); return 1; }
                        int s = accept(l, 0, 0);
                        close(s);
                        usleep(10000);
                        close(c);
                        close(l);
                        puts("served");
                        return 0;
                    }
                    """)
                for _ in 0..<3 {
                    let result = try await fixture.run(program)
                    #expect(result.standardOutputText == "served\n", "\(result.standardErrorText)")
                }
            }
        }

        @Test("cancelling the caller kills the run and cleans up")
        func cancels() async throws {
            try await SandboxFixture.with() { fixture in
                let program = try fixture.compile("#include <unistd.h>\nint main(void) { fork(); for (;;) pause(); }\n")
                let task = Task { try await fixture.run(program, limits: SandboxLimits(wallSeconds: 30)) }
                try await Task.sleep(for: .milliseconds(300))
                task.cancel()
                await #expect(throws: CancellationError.self) { try await task.value }
            }
        }
    }
}
