/*
 * The fork server: one exec of the program serves a whole batch of schedules. Before main runs, the
 * runtime reads seeds from the batch driver over a pipe and forks once per seed; each child returns into
 * the program's start-up with its seed and runs main, while the server waits for it and reports how it
 * ended. Loading the program and the C library, relocating and initialising are paid once, not per
 * schedule (the idea of AFL's fork server). The protocol is in pset_forkserver.h.
 */
#include "pset_sched.h"

#include "pset_forkserver.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

int transfer(int fd, void *data, size_t length, int writing) {
    char *bytes = data;
    while (length > 0) {
        ssize_t done = writing ? real_write(fd, bytes, length) : read(fd, bytes, length);
        if (done < 0 && errno == EINTR) continue;
        if (done <= 0) return 0;
        bytes += done;
        length -= (size_t)done;
    }
    return 1;
}

/* Only when asked, and only where the driver left both pipes: a program this one executes inherits
 * the variable but not the descriptors, which each schedule's process closes. */
int fork_server_requested(void) {
    return getenv("PSET_FORK_SERVER") != NULL && fcntl(FORK_SERVER_CONTROL, F_GETFD) >= 0 &&
           fcntl(FORK_SERVER_STATUS, F_GETFD) >= 0 && fcntl(FORK_SERVER_PIDS, F_GETFD) >= 0;
}

/*
 * A schedule's process that could not be put back after its first schedule, so many times in a row, means a
 * program whose schedules end in ways that cannot be undone: from then on each schedule gets a fresh process,
 * without the snapshot's cost.
 */
#define REUSE_ATTEMPTS 3

/* The server's side of the schedule's process under way. */
struct schedule_process {
    pid_t pid;
    /* Reused (pset_sched_reuse.c): its pidfd and the pipes that take it seeds and bring back their ends. */
    int pidfd, seeds, report;
    int schedules;
};

#define NO_PROCESS ((struct schedule_process){.pid = -1, .pidfd = -1, .seeds = -1, .report = -1})

static void forget_process(struct schedule_process *process) {
    if (process->pidfd >= 0) close(process->pidfd);
    if (process->seeds >= 0) close(process->seeds);
    if (process->report >= 0) close(process->report);
    *process = NO_PROCESS;
}

/*
 * Forks the process for the next schedules. Returns 0 in the server (process->pid is -1 if fork failed), and 1 in
 * the schedule's process, which is then to return *seed, or read its seeds with reused_schedules when `reusing`.
 */
static int fork_schedule_process(struct schedule_process *process, int reusing, int *seed_end, int *report_end) {
    int seeds[2] = {-1, -1}, report[2] = {-1, -1};
    if (reusing && (pipe2(seeds, O_CLOEXEC) != 0 || pipe2(report, O_CLOEXEC) != 0)) {
        close(seeds[0]);
        close(seeds[1]);
        reusing = 0;
    }
    pid_t child = real_fork();
    if (child == 0) {
        /* One system call for the three descriptors, numbered in a row (pset_forkserver.h). */
        if (syscall(SYS_close_range, FORK_SERVER_CONTROL, FORK_SERVER_PIDS, 0U) != 0) {
            close(FORK_SERVER_CONTROL);
            close(FORK_SERVER_STATUS);
            close(FORK_SERVER_PIDS);
        }
        if (prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) != 0) _exit(0);
        setpgid(0, 0);
        fibers_in_schedule();
        *seed_end = -1;
        *report_end = -1;
        if (reusing) {
            close(seeds[1]);
            close(report[0]);
            *seed_end = seeds[0];
            *report_end = report[1];
        }
        return 1;
    }
    /* Both sides set the group, so it exists before the driver, told the pid, can signal it. */
    if (child > 0) setpgid(child, child);
    process->pid = child;
    if (reusing) {
        close(seeds[0]);
        close(report[1]);
        process->seeds = seeds[1];
        process->report = report[0];
        process->pidfd = child > 0 ? (int)syscall(SYS_pidfd_open, child, 0) : -1;
    }
    return 0;
}

/*
 * The server is not dumpable while it serves, so a schedule's process cannot open the server's /proc entries
 * (its memory, its descriptors) and change what the server reports of later schedules; each schedule's
 * process is dumpable again, as the runtime reads its own /proc/self. A schedule run as fibers gets a process
 * that, when it can, is put back after the schedule and serves the next one (pset_sched_reuse.c).
 */
uint64_t serve_forks(void) {
    unsetenv("PSET_FORK_SERVER");
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) _exit(0);
    uint32_t hello = FORK_SERVER_HELLO;
    if (!transfer(FORK_SERVER_STATUS, &hello, sizeof hello, 1)) _exit(0);
    struct schedule_process process = NO_PROCESS;
    int short_lived = 0;
    /* The harness's status is read where the environment holds it, never copied into this memory, which every
     * schedule's process starts with a copy of. */
    const char *harness_status = getenv("PSET_HARNESS_STATUS");
    for (;;) {
        uint64_t seed;
        if (!transfer(FORK_SERVER_CONTROL, &seed, sizeof seed, 0)) _exit(0);
        struct schedule_order order = {.seed = seed};
        for (;;) {
            if (process.pid < 0) {
                int seed_end, report_end;
                int reusing = fibers_on && short_lived < REUSE_ATTEMPTS;
                if (fork_schedule_process(&process, reusing, &seed_end, &report_end))
                    return seed_end >= 0 ? reused_schedules(seed_end, report_end) : seed;
            }
            if (process.pid < 0 || process.seeds < 0) break;
            if (harness_status) memcpy(order.harness_status, harness_status, strnlen(harness_status, sizeof order.harness_status));
            int sent = process.pidfd >= 0 && getrandom(&order.nonce, sizeof order.nonce, 0) == sizeof order.nonce &&
                       transfer(process.seeds, &order, sizeof order, 1);
            explicit_bzero(order.harness_status, sizeof order.harness_status);
            if (sent) break;
            /* A reused process that cannot be watched or told its seed never ran it: a fresh one runs it. */
            kill(-process.pid, SIGKILL);
            while (waitpid(process.pid, NULL, 0) < 0 && errno == EINTR) {
            }
            forget_process(&process);
            short_lived = REUSE_ATTEMPTS;
        }
        int32_t word = process.pid;
        if (!transfer(FORK_SERVER_PIDS, &word, sizeof word, 1) || process.pid < 0) _exit(0);
        int status = 0, lives = 0;
        if (fibers_on) {
            status = fiber_watch(process.pid, process.pidfd, process.report, order.nonce, &lives);
        } else {
            while (waitpid(process.pid, &status, 0) < 0 && errno == EINTR) {
            }
        }
        process.schedules++;
        if (!lives) {
            if (process.seeds >= 0) short_lived = process.schedules == 1 ? short_lived + 1 : 0;
            forget_process(&process);
        }
        word = status | (lives ? FORK_SERVER_LIVES : 0);
        if (!transfer(FORK_SERVER_STATUS, &word, sizeof word, 1)) _exit(0);
    }
}
