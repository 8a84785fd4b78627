/*
 * pset_batch: runs one program under several schedules inside a single sandboxed run.
 *
 *   pset-batch LIBRARY TIMEOUT_MS INPUT_FILE EXPECTED_STATUS SEED[,SEED...] -- PROGRAM [ARGS...]
 *
 * Each seed gets a fresh process of PROGRAM, with LIBRARY preloaded and PSET_SCHED_SEED set, its
 * standard input read from INPUT_FILE, and TIMEOUT_MS of wall time before its process group is
 * killed. Setting up a sandbox costs far more than starting a process, so the grader pays it once
 * per batch rather than once per schedule.
 *
 * For every run, in seed order, it writes to standard output one header line
 *   @@run INDEX exited|signaled|timeout CODE STDOUT_BYTES STDERR_BYTES
 * followed by that many bytes of the run's standard output, then of its standard error (each kept
 * to its first 64 KiB). It stops after the first run that does not exit with EXPECTED_STATUS.
 *
 * A run gets standard input, output and error and no other descriptor of the driver's, and the driver
 * is not dumpable, so that a run cannot reach the driver's descriptors through /proc/PPID/fd either:
 * the header lines it writes are its own.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

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

/* The first OUTPUT_CAP bytes of a file, and how many there are. */
static size_t slurp(const char *path, char *buffer) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    size_t total = 0;
    while (total < OUTPUT_CAP) {
        ssize_t got = read(fd, buffer + total, OUTPUT_CAP - total);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) break;
        total += (size_t)got;
    }
    close(fd);
    return total;
}

/* The environment of a run: ours, with the library preloaded and the seed set. */
static char **run_environment(const char *library, const char *seed) {
    size_t count = 0;
    while (environ[count]) count++;
    char **variables = calloc(count + 3, sizeof *variables);
    size_t used = 0;
    for (size_t i = 0; i < count; i++) {
        if (strncmp(environ[i], "LD_PRELOAD=", 11) != 0 && strncmp(environ[i], "PSET_SCHED_SEED=", 16) != 0)
            variables[used++] = environ[i];
    }
    static char preload[4096], seeded[128];
    snprintf(preload, sizeof preload, "LD_PRELOAD=%s", library);
    snprintf(seeded, sizeof seeded, "PSET_SCHED_SEED=%s", seed);
    variables[used++] = preload;
    variables[used++] = seeded;
    variables[used] = NULL;
    return variables;
}

int main(int argc, char **argv) {
    if (argc < 8 || strcmp(argv[6], "--") != 0) {
        fprintf(stderr, "usage: pset-batch LIBRARY TIMEOUT_MS INPUT EXPECTED SEEDS -- PROGRAM [ARGS...]\n");
        return 2;
    }
    const char *library = argv[1];
    long timeout_ms = strtol(argv[2], NULL, 10);
    const char *input = argv[3];
    int expected = (int)strtol(argv[4], NULL, 10);
    char *seeds = argv[5];
    char **program = argv + 7;
    char out_path[64], err_path[64];
    snprintf(out_path, sizeof out_path, "/tmp/pset-batch-%d.out", (int)getpid());
    snprintf(err_path, sizeof err_path, "/tmp/pset-batch-%d.err", (int)getpid());
    static char out_buffer[OUTPUT_CAP], err_buffer[OUTPUT_CAP];

    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) {
        fprintf(stderr, "pset-batch: cannot make itself undumpable: %s\n", strerror(errno));
        return 3;
    }
    sigset_t child_signal;
    sigemptyset(&child_signal);
    sigaddset(&child_signal, SIGCHLD);
    sigprocmask(SIG_BLOCK, &child_signal, NULL);

    int index = 0;
    for (char *seed = strtok(seeds, ","); seed; seed = strtok(NULL, ","), index++) {
        char **variables = run_environment(library, seed);
        pid_t child = fork();
        if (child < 0) {
            fprintf(stderr, "pset-batch: fork failed: %s\n", strerror(errno));
            return 3;
        }
        if (child == 0) {
            setpgid(0, 0);
            sigprocmask(SIG_UNBLOCK, &child_signal, NULL);
            int in = open(input, O_RDONLY | O_CLOEXEC);
            int out = open(out_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
            int err = open(err_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
            if (in < 0 || out < 0 || err < 0) _exit(127);
            if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0) _exit(127);
            if (syscall(SYS_close_range, 3U, ~0U, 0U) != 0) _exit(127);
            execve(program[0], program, variables);
            _exit(127);
        }
        free(variables);
        setpgid(child, child);
        struct timespec deadline;
        clock_gettime(CLOCK_MONOTONIC, &deadline);
        deadline.tv_sec += timeout_ms / 1000;
        deadline.tv_nsec += (timeout_ms % 1000) * 1000000L;
        if (deadline.tv_nsec >= 1000000000L) {
            deadline.tv_sec++;
            deadline.tv_nsec -= 1000000000L;
        }
        int status = 0, timed_out = 0;
        for (;;) {
            pid_t done = waitpid(child, &status, WNOHANG);
            if (done == child) break;
            struct timespec now, left;
            clock_gettime(CLOCK_MONOTONIC, &now);
            left.tv_sec = deadline.tv_sec - now.tv_sec;
            left.tv_nsec = deadline.tv_nsec - now.tv_nsec;
            if (left.tv_nsec < 0) {
                left.tv_sec--;
                left.tv_nsec += 1000000000L;
            }
            if (left.tv_sec < 0) {
                timed_out = 1;
                kill(-child, SIGKILL);
                waitpid(child, &status, 0);
                break;
            }
            sigtimedwait(&child_signal, NULL, &left);
        }
        kill(-child, SIGKILL);
        while (waitpid(-1, NULL, WNOHANG) > 0) {
        }
        size_t out_length = slurp(out_path, out_buffer);
        size_t err_length = slurp(err_path, err_buffer);
        const char *kind = timed_out ? "timeout" : WIFSIGNALED(status) ? "signaled" : "exited";
        int code = timed_out ? 0 : WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status);
        char header[160];
        int length = snprintf(header, sizeof header, "@@run %d %s %d %zu %zu\n", index, kind, code, out_length,
                              err_length);
        write_all(1, header, (size_t)length);
        write_all(1, out_buffer, out_length);
        write_all(1, err_buffer, err_length);
        if (timed_out || WIFSIGNALED(status) || code != expected) break;
    }
    unlink(out_path);
    unlink(err_path);
    return 0;
}
