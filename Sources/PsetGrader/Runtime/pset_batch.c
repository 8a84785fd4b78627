/*
 * pset_batch: runs one program under several schedules inside a single sandboxed run.
 *
 *   pset-batch LIBRARY TIMEOUT_MS INPUT_FILE EXPECTED_STATUS SEED[,SEED...] -- PROGRAM [ARGS...]
 *
 * PROGRAM is executed once, with LIBRARY (the scheduler runtime) preloaded as a fork server
 * (pset_sched_forkserver.c): before main it forks one process per seed this driver sends it, so
 * loading and start-up are paid once per batch, and setting up a sandbox once per batch too. Each
 * schedule's process reads INPUT_FILE from its start as standard input and gets TIMEOUT_MS of wall time
 * before its process group is killed.
 *
 * For every run, in seed order, it writes to standard output one header line
 *   @@run INDEX exited|signaled|timeout CODE STDOUT_BYTES STDERR_BYTES
 * followed by that many bytes of the run's standard output, then of its standard error (each kept
 * to its first 64 KiB). It stops after the first run that does not exit with EXPECTED_STATUS.
 *
 * The program's threads run as fibers while it lets them (FORK_SERVER_FALLBACK, in pset_forkserver.h).
 *
 * The server gets standard input, output and error and its three pipes, and no other descriptor of the
 * driver's; each run closes the pipes before the program's main. The driver is not dumpable, so that a run
 * cannot reach the driver's descriptors through /proc/PPID/fd either: the header lines it writes are its own.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "pset_forkserver.h"

#define OUTPUT_CAP 65536

extern char **environ;

static void write_all(int fd, const char *data, size_t length) {
    while (length > 0) {
        ssize_t written = write(fd, data, length);
        if (written < 0) {
            if (errno == EINTR) continue;
            _exit(3);
        }
        data += written;
        length -= (size_t)written;
    }
}

/* The first OUTPUT_CAP bytes of an open file, and how many there are. */
static size_t slurp(int fd, char *buffer) {
    size_t total = 0;
    while (total < OUTPUT_CAP) {
        ssize_t got = pread(fd, buffer + total, OUTPUT_CAP - total, (off_t)total);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) break;
        total += (size_t)got;
    }
    return total;
}

/* Empties an output file for the next run; the server's processes share its offset, so it rewinds too. */
static void rewind_file(int fd, int truncate) {
    if (truncate && ftruncate(fd, 0) != 0) _exit(3);
    lseek(fd, 0, SEEK_SET);
}

/*
 * Whether the server's schedules may run the program's threads as fibers (pset_sched_fibers.c): until one
 * of them ends with FORK_SERVER_FALLBACK, from when on every schedule, that one again first, runs with
 * kernel threads.
 */
static int fibers = 1;

/*
 * The environment of the server: ours, with the library preloaded as a fork server, and every symbol
 * bound at load time, once, rather than on first call in each schedule's process.
 */
static char **server_environment(const char *library) {
    size_t count = 0;
    while (environ[count]) count++;
    char **variables = calloc(count + 5, sizeof *variables);
    size_t used = 0;
    for (size_t i = 0; i < count; i++) {
        if (strncmp(environ[i], "LD_PRELOAD=", 11) != 0 && strncmp(environ[i], "PSET_SCHED_SEED=", 16) != 0 &&
            strncmp(environ[i], "LD_BIND_NOW=", 12) != 0 && strncmp(environ[i], "PSET_SCHED_FIBERS=", 18) != 0)
            variables[used++] = environ[i];
    }
    static char preload[4096];
    snprintf(preload, sizeof preload, "LD_PRELOAD=%s", library);
    variables[used++] = preload;
    variables[used++] = "PSET_FORK_SERVER=1";
    variables[used++] = "LD_BIND_NOW=1";
    if (fibers) variables[used++] = "PSET_SCHED_FIBERS=1";
    variables[used] = NULL;
    return variables;
}

/* Milliseconds left until `deadline`, at least 0. */
static int remaining_ms(const struct timespec *deadline) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    long long left = (long long)(deadline->tv_sec - now.tv_sec) * 1000 + (deadline->tv_nsec - now.tv_nsec) / 1000000;
    return left < 0 ? 0 : left > INT32_MAX ? INT32_MAX : (int)left;
}

/* Reads one 4-byte word from the server, waiting until `deadline`: 1 read, 0 timed out, -1 the server is gone. */
static int read_word(int fd, int32_t *word, const struct timespec *deadline) {
    size_t got = 0;
    while (got < sizeof *word) {
        struct pollfd ready = {.fd = fd, .events = POLLIN};
        int polled = poll(&ready, 1, remaining_ms(deadline));
        if (polled < 0 && errno == EINTR) continue;
        if (polled == 0) return 0;
        ssize_t n = read(fd, (char *)word + got, sizeof *word - got);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return -1;
        got += (size_t)n;
    }
    return 1;
}

/* The fork server: its process, the pipes to it, and its standard streams, all shared by every run. */
struct server {
    pid_t pid;
    int control, status, pids;
    int input, output, errors;
};

static void deadline_in(struct timespec *deadline, long ms) {
    clock_gettime(CLOCK_MONOTONIC, deadline);
    deadline->tv_sec += ms / 1000;
    deadline->tv_nsec += (ms % 1000) * 1000000L;
    if (deadline->tv_nsec >= 1000000000L) {
        deadline->tv_sec++;
        deadline->tv_nsec -= 1000000000L;
    }
}

/* Stops a server that no longer answers, its end in `*status` when asked for. */
static void stop_server(struct server *server, int *status) {
    kill(server->pid, SIGKILL);
    waitpid(server->pid, status, 0);
    close(server->control);
    close(server->status);
    close(server->pids);
    server->pid = -1;
}

/* Starts PROGRAM as a fork server; if it ends before it greets, `server->pid` is -1 and its status in `*ended`. */
static void start_server(struct server *server, const char *library, char **program, long timeout_ms, int *ended) {
    int control[2], status[2], pids[2];
    if (pipe2(control, O_CLOEXEC) != 0 || pipe2(status, O_CLOEXEC) != 0 || pipe2(pids, O_CLOEXEC) != 0) _exit(3);
    char **variables = server_environment(library);
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, "pset-batch: fork failed: %s\n", strerror(errno));
        _exit(3);
    }
    if (pid == 0) {
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        dup2(server->input, 0);
        dup2(server->output, 1);
        dup2(server->errors, 2);
        if (dup2(control[0], FORK_SERVER_CONTROL) < 0 || dup2(status[1], FORK_SERVER_STATUS) < 0 ||
            dup2(pids[1], FORK_SERVER_PIDS) < 0)
            _exit(127);
        if (syscall(SYS_close_range, 3U, FORK_SERVER_CONTROL - 1U, 0U) != 0 ||
            syscall(SYS_close_range, FORK_SERVER_PIDS + 1U, ~0U, 0U) != 0)
            _exit(127);
        execve(program[0], program, variables);
        _exit(127);
    }
    free(variables);
    close(control[0]);
    close(status[1]);
    close(pids[1]);
    server->pid = pid;
    server->control = control[1];
    server->status = status[0];
    server->pids = pids[0];
    struct timespec deadline;
    deadline_in(&deadline, timeout_ms);
    int32_t hello = 0;
    if (read_word(server->status, &hello, &deadline) != 1 || (uint32_t)hello != FORK_SERVER_HELLO)
        stop_server(server, ended);
}

/*
 * Runs one seed: its wait status in `*status`; 1 when it ended, 0 when it timed out and was killed. The child's
 * pid is read only after its status came (the server writes it first) or the time ran out, so a schedule that
 * ends wakes the driver once.
 */
static int run_seed(struct server *server, uint64_t seed, long timeout_ms, int *status) {
    rewind_file(server->input, 0);
    rewind_file(server->output, 1);
    rewind_file(server->errors, 1);
    struct timespec deadline, grace;
    deadline_in(&deadline, timeout_ms);
    int32_t pid = 0, word = 0;
    int got = write(server->control, &seed, sizeof seed) == sizeof seed ? read_word(server->status, &word, &deadline)
                                                                         : -1;
    deadline_in(&grace, got == 1 ? 5000 : 1000);
    if (read_word(server->pids, &pid, &grace) != 1) pid = 0;
    /* A process put back for the next seed has no other process of this run's left: it alone is spared. */
    int lives = got == 1 && (word & FORK_SERVER_LIVES);
    if (pid > 0 && !lives) kill(-pid, SIGKILL);
    if (got == 1 && pid > 0) {
        *status = word & ~FORK_SERVER_LIVES;
        return 1;
    }
    if (got == 0 && pid > 0) {
        deadline_in(&grace, 5000);
        if (read_word(server->status, &word, &grace) != 1) stop_server(server, NULL);
        return 0;
    }
    /* The server itself is gone, or could not fork: its own end is this run's. */
    stop_server(server, status);
    return 1;
}

static int open_output(const char *path) {
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) _exit(3);
    unlink(path);
    return fd;
}

int main(int argc, char **argv) {
    if (argc < 8 || strcmp(argv[6], "--") != 0) {
        fprintf(stderr, "usage: pset-batch LIBRARY TIMEOUT_MS INPUT EXPECTED SEEDS -- PROGRAM [ARGS...]\n");
        return 2;
    }
    const char *library = argv[1];
    long timeout_ms = strtol(argv[2], NULL, 10);
    int expected = (int)strtol(argv[4], NULL, 10);
    char *seeds = argv[5];
    char **program = argv + 7;
    char out_path[64], err_path[64];
    snprintf(out_path, sizeof out_path, "/tmp/pset-batch-%d.out", (int)getpid());
    snprintf(err_path, sizeof err_path, "/tmp/pset-batch-%d.err", (int)getpid());
    static char out_buffer[OUTPUT_CAP], err_buffer[OUTPUT_CAP];
    signal(SIGPIPE, SIG_IGN);

    /* Standard input, output and error open, so that none of the files below takes their place: its close-on-exec
     * flag would survive the dup2 onto itself, and the server would start without it. */
    for (int fd = 0; fd < 3; fd++) {
        if (fcntl(fd, F_GETFD) < 0 && open("/dev/null", O_RDWR) != fd) return 3;
    }
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) {
        fprintf(stderr, "pset-batch: cannot make itself undumpable: %s\n", strerror(errno));
        return 3;
    }
    struct server server = {.pid = -1};
    server.input = open(argv[3], O_RDONLY | O_CLOEXEC);
    if (server.input < 0) {
        fprintf(stderr, "pset-batch: cannot open %s: %s\n", argv[3], strerror(errno));
        return 3;
    }
    server.output = open_output(out_path);
    server.errors = open_output(err_path);

    int index = 0;
    for (char *seed = strtok(seeds, ","); seed; seed = strtok(NULL, ","), index++) {
        int status = 0, ended = 1;
        for (;;) {
            if (server.pid < 0) {
                rewind_file(server.output, 1);
                rewind_file(server.errors, 1);
                start_server(&server, library, program, timeout_ms, &status);
            }
            if (server.pid > 0) {
                uint64_t value = strncmp(seed, "s1-", 3) == 0 ? strtoull(seed + 3, NULL, 16) : 0;
                ended = run_seed(&server, value, timeout_ms, &status);
            }
            if (!fibers || !ended || !WIFEXITED(status) || WEXITSTATUS(status) != FORK_SERVER_FALLBACK) break;
            fibers = 0;
            if (server.pid > 0) stop_server(&server, NULL);
        }
        size_t out_length = slurp(server.output, out_buffer);
        size_t err_length = slurp(server.errors, err_buffer);
        const char *kind = !ended ? "timeout" : WIFSIGNALED(status) ? "signaled" : "exited";
        int code = !ended ? 0 : WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status);
        char header[160];
        int length = snprintf(header, sizeof header, "@@run %d %s %d %zu %zu\n", index, kind, code, out_length,
                              err_length);
        write_all(1, header, (size_t)length);
        write_all(1, out_buffer, out_length);
        write_all(1, err_buffer, err_length);
        if (!ended || WIFSIGNALED(status) || code != expected) break;
    }
    if (server.pid > 0) {
        close(server.control);
        waitpid(server.pid, NULL, 0);
    }
    return 0;
}
