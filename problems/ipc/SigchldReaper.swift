import PsetModel

extension Bank {
    /// A SIGCHLD handler installed with sigaction: async-signal-safe, and aware that signals do not queue.
    static let sigchldReaper = CodingProblem("ipc/sigchld-reaper") {
        Title("Reaping children from a SIGCHLD handler")
        Topics(.signals)
        Points(10)
        Prompt(
            """
            A server that forks a child per request cannot stop to `wait` for each one, yet must not leave \
            zombies behind. The usual answer is a `SIGCHLD` handler that reaps children as they terminate. \
            Submit `reaper.c`, implementing `reaper.h` exactly as given:

            ```c
            int reaper_install(void);  /* installs the handler; 0 on success, -1 on failure */
            int reaper_count(void);    /* children the handler has reaped since reaper_install */
            ```

            Requirements:
            - `reaper_install` installs the handler with `sigaction` (not `signal`), so that system calls the \
            main program is blocked in (a `read`, say) are restarted rather than failing with `EINTR` when a \
            child terminates (`SA_RESTART`).
            - The handler reaps every child that has terminated, and only those: it never blocks waiting for a \
            child that is still running.
            - Standard signals do not queue: several children terminating close together may be announced by \
            a single `SIGCHLD`. Every terminated child must still be reaped.
            - The handler is async-signal-safe: it calls only async-signal-safe functions (`waitpid` is one; \
            `printf` and `malloc` are not), it leaves `errno` as it found it, and the count it shares with \
            `reaper_count` is a `volatile sig_atomic_t`.
            """)
        Header("reaper.h", Source.header)
        Starter("reaper.c", Source.starter)
        Reference("reaper.c", Source.reference)
        Support("reaper_test.c", Source.harness)
        Concurrency(.processes)
        Allows(.standard, .output, .processes, .fileDescriptors, .signals, .time)
        Forbids(
            "signal", "sysv_signal", "bsd_signal", "__sysv_signal",
            because: "install the handler with `sigaction`, not `signal`")

        TestCase("reaps-all", points: 3, harness: "reaper_test.c", arguments: ["all"], checks: [.children])
        TestCase(
            "restarts-system-calls", points: 2, harness: "reaper_test.c", arguments: ["restart"], checks: [.children])
        TestCase(
            "preserves-errno", points: 2, hidden: true, harness: "reaper_test.c", arguments: ["errno"],
            checks: [.children])
        TestCase(
            "never-blocks", points: 2, hidden: true, harness: "reaper_test.c", arguments: ["nonblocking"],
            checks: [.children])
        TestCase(
            "signal-safe", points: 1, hidden: true, harness: "reaper_test.c", arguments: ["safe"], checks: [.children])

        Mutant(
            "one-per-signal",
            reason: """
                child not reaped: the handler calls `waitpid` once per signal, but one SIGCHLD can stand for several \
                children because standard signals do not queue
                """,
            mustFail: ["reaps-all"],
            File(
                "reaper.c",
                Source.reference.replacing(
                    "while (waitpid(-1, NULL, WNOHANG) > 0)", with: "if (waitpid(-1, NULL, WNOHANG) > 0)")))
        Mutant(
            "no-restart",
            reason: """
                interrupted system call: the handler is installed without `SA_RESTART`, so a `read` the main program \
                is blocked in fails with `EINTR` when a child terminates
                """,
            mustFail: ["restarts-system-calls"],
            File("reaper.c", Source.reference.replacing("SA_RESTART | SA_NOCLDSTOP", with: "SA_NOCLDSTOP")))
        Mutant(
            "clobbers-errno",
            reason: """
                not async-signal-safe: the handler does not save and restore `errno`, so its last `waitpid` \
                (failing with `ECHILD`) changes `errno` under the interrupted code
                """,
            mustFail: ["preserves-errno"],
            File(
                "reaper.c",
                Source.reference
                    .replacing("    int saved_errno = errno;\n", with: "")
                    .replacing("    errno = saved_errno;\n", with: "")))
        Mutant(
            "printf-in-handler",
            reason: """
                not async-signal-safe: the handler calls `printf`, which takes stdout's lock and may allocate, so a \
                signal arriving while the program is inside `printf` or `malloc` can deadlock or corrupt it
                """,
            mustFail: ["signal-safe"],
            File(
                "reaper.c",
                Source.reference
                    .replacing("#include <signal.h>\n", with: "#include <signal.h>\n#include <stdio.h>\n")
                    .replacing(
                        "    while (waitpid(-1, NULL, WNOHANG) > 0)\n        reaped++;\n",
                        with: """
                                pid_t pid;
                                while ((pid = waitpid(-1, NULL, WNOHANG)) > 0) {
                                    reaped++;
                                    printf("reaped child %d\\n", (int)pid);
                                }

                            """)))
        Mutant(
            "blocking-waitpid",
            reason: """
                deadlock: the handler calls `waitpid` without `WNOHANG`, so it blocks waiting for a child that is \
                still running, and the interrupted program can never let that child finish
                """,
            mustFail: ["never-blocks"],
            File(
                "reaper.c",
                Source.reference.replacing(
                    "while (waitpid(-1, NULL, WNOHANG) > 0)", with: "while (waitpid(-1, NULL, 0) > 0)")))
        Mutant(
            "installed-with-signal",
            reason: "installs the handler with `signal`, which the prompt rules out: it asks for `sigaction`",
            mustFail: ["reaps-all", "restarts-system-calls", "preserves-errno", "never-blocks"],
            File(
                "reaper.c",
                Source.reference.replacing(
                    """
                        struct sigaction sa;
                        memset(&sa, 0, sizeof sa);
                        sa.sa_handler = on_sigchld;
                        sigemptyset(&sa.sa_mask);
                        sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
                        return sigaction(SIGCHLD, &sa, NULL);
                    """,
                    with: """
                            return signal(SIGCHLD, on_sigchld) == SIG_ERR ? -1 : 0;
                        """)))
    }
}

/// The C sources of `ipc/sigchld-reaper`.
private enum Source {
    static let header = #"""
        #ifndef REAPER_H
        #define REAPER_H

        /* Installs, with sigaction, a SIGCHLD handler that reaps every terminated child and counts it.
           Returns 0 on success, -1 on failure. */
        int reaper_install(void);

        /* The number of children the handler has reaped since reaper_install. */
        int reaper_count(void);

        #endif
        """#

    static let starter = #"""
        #include "reaper.h"

        #include <errno.h>
        #include <signal.h>
        #include <string.h>
        #include <sys/types.h>
        #include <sys/wait.h>

        static void on_sigchld(int sig)
        {
            /* Reap every child that has terminated, without blocking, and count them. */
            (void)sig;
        }

        int reaper_install(void)
        {
            /* Install on_sigchld for SIGCHLD with sigaction. */
            (void)on_sigchld;
            return -1;
        }

        int reaper_count(void)
        {
            return 0;
        }
        """#

    static let reference = #"""
        #include "reaper.h"

        #include <errno.h>
        #include <signal.h>
        #include <string.h>
        #include <sys/types.h>
        #include <sys/wait.h>

        static volatile sig_atomic_t reaped;

        static void on_sigchld(int sig)
        {
            (void)sig;
            /* waitpid sets errno when no child is left; the interrupted code must not see that. */
            int saved_errno = errno;
            /* One SIGCHLD may stand for several children: reap until none has terminated. */
            while (waitpid(-1, NULL, WNOHANG) > 0)
                reaped++;
            errno = saved_errno;
        }

        int reaper_install(void)
        {
            struct sigaction sa;
            memset(&sa, 0, sizeof sa);
            sa.sa_handler = on_sigchld;
            sigemptyset(&sa.sa_mask);
            sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
            return sigaction(SIGCHLD, &sa, NULL);
        }

        int reaper_count(void)
        {
            return reaped;
        }
        """#

    /// `reaper_test all|restart|errno|nonblocking`: forks children and watches what the handler does.
    static let harness = #"""
        #define _GNU_SOURCE
        #include "reaper.h"

        #include <dlfcn.h>
        #include <errno.h>
        #include <signal.h>
        #include <stdarg.h>
        #include <stdatomic.h>
        #include <stdio.h>
        #include <stdlib.h>
        #include <string.h>
        #include <sys/wait.h>
        #include <time.h>
        #include <unistd.h>

        static const char *hang_message = "deadlock: the program stopped making progress\n";

        /*
         * Every handler installed with sigaction or signal runs inside `enter_handler`, which counts how deep in
         * handlers the process is; the functions below that are not async-signal-safe note their name when
         * called there, then do their work as usual.
         */
        static void (*handlers[NSIG])(int);
        static void (*actions[NSIG])(int, siginfo_t *, void *);
        static atomic_int handler_depth;
        static _Atomic(const char *) unsafe_call;

        static void enter_handler(int sig, siginfo_t *info, void *context)
        {
            atomic_fetch_add(&handler_depth, 1);
            if (actions[sig] != NULL)
                actions[sig](sig, info, context);
            else if (handlers[sig] != NULL)
                handlers[sig](sig);
            atomic_fetch_sub(&handler_depth, 1);
        }

        static void note_unsafe(const char *name)
        {
            const char *none = NULL;
            if (atomic_load(&handler_depth) > 0)
                atomic_compare_exchange_strong(&unsafe_call, &none, name);
        }

        int sigaction(int sig, const struct sigaction *act, struct sigaction *old)
        {
            static int (*real)(int, const struct sigaction *, struct sigaction *);
            if (real == NULL)
                real = (int (*)(int, const struct sigaction *, struct sigaction *))dlsym(RTLD_NEXT, "sigaction");
            int info = act != NULL && (act->sa_flags & SA_SIGINFO);
            if (act == NULL || sig <= 0 || sig >= NSIG ||
                (!info && (act->sa_handler == SIG_DFL || act->sa_handler == SIG_IGN)))
                return real(sig, act, old);
            actions[sig] = info ? act->sa_sigaction : NULL;
            handlers[sig] = info ? NULL : act->sa_handler;
            struct sigaction wrapped = *act;
            wrapped.sa_flags |= SA_SIGINFO;
            wrapped.sa_sigaction = enter_handler;
            return real(sig, &wrapped, old);
        }

        /* glibc's signal(): BSD semantics, the signal blocked while its handler runs. */
        sighandler_t signal(int sig, sighandler_t handler)
        {
            struct sigaction act, old;
            memset(&act, 0, sizeof act);
            act.sa_handler = handler;
            act.sa_flags = SA_RESTART;
            sigemptyset(&act.sa_mask);
            sigaddset(&act.sa_mask, sig);
            return sigaction(sig, &act, &old) == 0 ? old.sa_handler : SIG_ERR;
        }

        extern void *__libc_malloc(size_t size);
        extern void *__libc_calloc(size_t count, size_t size);
        extern void *__libc_realloc(void *pointer, size_t size);
        extern void __libc_free(void *pointer);

        static int (*real_vfprintf)(FILE *, const char *, va_list);
        static int (*real_fputs)(const char *, FILE *);
        static int (*real_fputc)(int, FILE *);
        static size_t (*real_fwrite)(const void *, size_t, size_t, FILE *);
        static int (*real_fflush)(FILE *);
        static void (*real_perror)(const char *);
        static void (*real_exit)(int);

        __attribute__((constructor)) static void find_real_functions(void)
        {
            real_vfprintf = (int (*)(FILE *, const char *, va_list))dlsym(RTLD_NEXT, "vfprintf");
            real_fputs = (int (*)(const char *, FILE *))dlsym(RTLD_NEXT, "fputs");
            real_fputc = (int (*)(int, FILE *))dlsym(RTLD_NEXT, "fputc");
            real_fwrite = (size_t (*)(const void *, size_t, size_t, FILE *))dlsym(RTLD_NEXT, "fwrite");
            real_fflush = (int (*)(FILE *))dlsym(RTLD_NEXT, "fflush");
            real_perror = (void (*)(const char *))dlsym(RTLD_NEXT, "perror");
            real_exit = (void (*)(int))dlsym(RTLD_NEXT, "exit");
        }

        void *malloc(size_t size) { note_unsafe("malloc"); return __libc_malloc(size); }
        void *calloc(size_t count, size_t size) { note_unsafe("calloc"); return __libc_calloc(count, size); }
        void *realloc(void *pointer, size_t size) { note_unsafe("realloc"); return __libc_realloc(pointer, size); }
        void free(void *pointer) { note_unsafe("free"); __libc_free(pointer); }

        int vfprintf(FILE *stream, const char *format, va_list args)
        {
            note_unsafe("vfprintf");
            return real_vfprintf(stream, format, args);
        }

        int vprintf(const char *format, va_list args)
        {
            note_unsafe("vprintf");
            return real_vfprintf(stdout, format, args);
        }

        int fprintf(FILE *stream, const char *format, ...)
        {
            note_unsafe("fprintf");
            va_list args;
            va_start(args, format);
            int written = real_vfprintf(stream, format, args);
            va_end(args);
            return written;
        }

        int printf(const char *format, ...)
        {
            note_unsafe("printf");
            va_list args;
            va_start(args, format);
            int written = real_vfprintf(stdout, format, args);
            va_end(args);
            return written;
        }

        int puts(const char *text)
        {
            note_unsafe("puts");
            return real_fputs(text, stdout) < 0 || real_fputc('\n', stdout) == EOF ? EOF : 1;
        }

        int fputs(const char *text, FILE *stream) { note_unsafe("fputs"); return real_fputs(text, stream); }
        int fputc(int c, FILE *stream) { note_unsafe("fputc"); return real_fputc(c, stream); }
        int putc(int c, FILE *stream) { note_unsafe("putc"); return real_fputc(c, stream); }
        int putchar(int c) { note_unsafe("putchar"); return real_fputc(c, stdout); }

        size_t fwrite(const void *data, size_t size, size_t count, FILE *stream)
        {
            note_unsafe("fwrite");
            return real_fwrite(data, size, count, stream);
        }

        int fflush(FILE *stream) { note_unsafe("fflush"); return real_fflush(stream); }
        void perror(const char *text) { note_unsafe("perror"); real_perror(text); }

        void exit(int status)
        {
            note_unsafe("exit");
            real_exit(status);
            _exit(status);
        }

        static void on_alarm(int sig)
        {
            (void)sig;
            write(STDERR_FILENO, hang_message, strlen(hang_message));
            _exit(1);
        }

        static double now(void)
        {
            struct timespec t;
            clock_gettime(CLOCK_MONOTONIC, &t);
            return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
        }

        /* Spins (no system call that could set errno or be interrupted) until `count` children are reaped. */
        static int await_count(int count, double seconds)
        {
            double deadline = now() + seconds;
            while (reaper_count() < count && now() < deadline)
                ;
            return reaper_count();
        }

        static void child_after_ms(long ms)
        {
            pid_t pid = fork();
            if (pid < 0) {
                perror("fork");
                exit(1);
            }
            if (pid == 0) {
                struct timespec t = {0, ms * 1000000};
                nanosleep(&t, NULL);
                _exit(0);
            }
        }

        static void expect_count(int expected, const char *when)
        {
            int got = await_count(expected, 1.0);
            if (got < expected) {
                fprintf(stderr,
                        "child not reaped: the handler reaped %d of %d children %s; standard signals do not queue, "
                        "so loop on waitpid(-1, ..., WNOHANG) until it returns 0\n",
                        got, expected, when);
                exit(1);
            }
            if (got > expected) {
                fprintf(stderr, "wrong count: reaper_count returned %d, but only %d children terminated\n", got,
                        expected);
                exit(1);
            }
        }

        /* Sixteen children terminate while SIGCHLD is blocked, so exactly one SIGCHLD stands for all of them
           when it is unblocked: whatever the timing, a handler that reaps one child per signal reaps one. */
        static void reaps_all(void)
        {
            sigset_t chld, old;
            sigemptyset(&chld);
            sigaddset(&chld, SIGCHLD);
            for (int round = 1; round <= 3; round++) {
                sigprocmask(SIG_BLOCK, &chld, &old);
                pid_t children[16];
                for (int i = 0; i < 16; i++) {
                    children[i] = fork();
                    if (children[i] < 0) {
                        perror("fork");
                        exit(1);
                    }
                    if (children[i] == 0)
                        _exit(0);
                }
                for (int i = 0; i < 16; i++) {
                    siginfo_t info;
                    while (waitid(P_PID, (id_t)children[i], &info, WEXITED | WNOWAIT) < 0 && errno == EINTR)
                        ;
                }
                sigprocmask(SIG_SETMASK, &old, NULL);
                expect_count(16 * round, "that terminated at the same time (one SIGCHLD for all of them)");
            }
        }

        static void restarts(void)
        {
            int p[2];
            if (pipe(p) < 0) {
                perror("pipe");
                exit(1);
            }
            child_after_ms(20);
            pid_t writer = fork();
            if (writer == 0) {
                struct timespec t = {0, 150 * 1000000};
                nanosleep(&t, NULL);
                if (write(p[1], "x", 1) != 1)
                    _exit(1);
                _exit(0);
            }
            close(p[1]);
            char c;
            ssize_t n = read(p[0], &c, 1);
            if (n < 0 && errno == EINTR) {
                fprintf(stderr,
                        "interrupted system call: a read() in the main program failed with EINTR when a child "
                        "terminated; install the handler with SA_RESTART\n");
                exit(1);
            }
            if (n != 1) {
                fprintf(stderr, "read() from a pipe returned %zd (%s)\n", n, strerror(errno));
                exit(1);
            }
            expect_count(2, "in all");
        }

        static void keeps_errno(void)
        {
            for (int i = 0; i < 16; i++)
                child_after_ms(i * 2);
            errno = EDOM;
            await_count(16, 1.0);
            int seen = errno;
            if (seen != EDOM) {
                fprintf(stderr,
                        "not async-signal-safe: errno changed from EDOM to %d (%s) while the SIGCHLD handler ran; "
                        "save errno on entry and restore it before returning\n",
                        seen, strerror(seen));
                exit(1);
            }
            /* How many the handler reaped is reaps-all's question: two of these signals may have merged into one,
               leaving a child for the harness to reap. */
            while (waitpid(-1, NULL, 0) > 0 || errno == EINTR)
                ;
        }

        static void never_blocks(void)
        {
            int p[2];
            if (pipe(p) < 0) {
                perror("pipe");
                exit(1);
            }
            pid_t waiter = fork();
            if (waiter == 0) {
                char c;
                close(p[1]);
                _exit(read(p[0], &c, 1) == 1 ? 0 : 1);
            }
            close(p[0]);
            hang_message = "deadlock: the SIGCHLD handler blocked waiting for a child that was still running (and "
                           "waiting for the program); pass WNOHANG to waitpid\n";
            child_after_ms(0);
            expect_count(1, "(one child terminated while another kept running)");
            if (write(p[1], "x", 1) != 1) {
                perror("write");
                exit(1);
            }
            expect_count(2, "in all");
        }

        /* Children terminate one by one while the program runs on; the handler must call nothing unsafe. */
        static void stays_safe(void)
        {
            for (int i = 0; i < 16; i++)
                child_after_ms(i * 2);
            await_count(16, 1.0);
            const char *unsafe = atomic_load(&unsafe_call);
            if (unsafe != NULL) {
                fprintf(stderr,
                        "not async-signal-safe: the SIGCHLD handler calls %s, which a signal handler must not call "
                        "(it may be interrupted inside it, holding a lock); call only async-signal-safe functions, "
                        "such as waitpid and write\n",
                        unsafe);
                exit(1);
            }
            while (waitpid(-1, NULL, 0) > 0 || errno == EINTR)
                ;
        }

        int main(int argc, char **argv)
        {
            if (argc != 2) {
                fprintf(stderr, "usage: %s all|restart|errno|nonblocking|safe\n", argv[0]);
                return 2;
            }
            signal(SIGALRM, on_alarm);
            alarm(3);
            if (reaper_install() != 0) {
                fprintf(stderr, "reaper_install failed\n");
                return 1;
            }
            if (strcmp(argv[1], "all") == 0)
                reaps_all();
            else if (strcmp(argv[1], "restart") == 0)
                restarts();
            else if (strcmp(argv[1], "errno") == 0)
                keeps_errno();
            else if (strcmp(argv[1], "safe") == 0)
                stays_safe();
            else
                never_blocks();
            return 0;
        }
        """#
}
