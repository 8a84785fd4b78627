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
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int transfer(int fd, void *data, size_t length, int writing) {
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
 * The server is not dumpable while it serves, so a schedule's process cannot open the server's /proc entries
 * (its memory, its descriptors) and change what the server reports of later schedules; each schedule's
 * process is dumpable again, as the runtime reads its own /proc/self.
 */
uint64_t serve_forks(void) {
    unsetenv("PSET_FORK_SERVER");
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) _exit(0);
    uint32_t hello = FORK_SERVER_HELLO;
    if (!transfer(FORK_SERVER_STATUS, &hello, sizeof hello, 1)) _exit(0);
    for (;;) {
        uint64_t seed;
        if (!transfer(FORK_SERVER_CONTROL, &seed, sizeof seed, 0)) _exit(0);
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
            return seed;
        }
        /* Both sides set the group, so it exists before the driver, told the pid, can signal it. */
        if (child > 0) setpgid(child, child);
        int32_t word = child;
        if (!transfer(FORK_SERVER_PIDS, &word, sizeof word, 1) || child < 0) _exit(0);
        int status = 0;
        if (fibers_on) {
            status = fiber_watch(child);
        } else {
            while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
            }
        }
        word = status;
        if (!transfer(FORK_SERVER_STATUS, &word, sizeof word, 1)) _exit(0);
    }
}
