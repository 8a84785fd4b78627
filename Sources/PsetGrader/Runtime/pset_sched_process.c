/* Processes: fork, and the perturbed writes that let the other side of a pipe or socket get ahead. */
#include "pset_sched.h"

#include <errno.h>
#include <linux/sockios.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>

PSET_EXPORT pid_t fork(void) {
    /* A process of the schedule's own may outlive it, or be reaped by it: its process is not reused. */
    reuse_forgo("fork");
    int me = enter();
    /* Only the main thread's stack is the kernel thread's own: the child of any other fiber would go on, alone,
     * on a stack its descriptor knows nothing of. */
    if (fibers_on && me != 0) fiber_fallback("fork-from-thread");
    threads[me].caller = __builtin_return_address(0);
    sched_point(me);
    uint64_t delay = perturb ? next_random() % 3 : 0;
    pid_t pid = real_fork();
    if (pid == 0) {
        for (int i = 0; i < slots_in_use; i++) {
            if (i != me) {
                memset((void *)&threads[i], 0, sizeof threads[i]);
                threads[i].deadline = -1;
            }
        }
        current = me;
        fibers_after_fork();
        identify(me);
        watchdog_running = 0;
        /* The story told is the process the grader started: a child writing first would take its file. */
        tracing = 0;
        diverge_random();
        if (delay == 1) real_sleep_ns(200000);
    } else if (pid > 0 && delay == 2) {
        real_sleep_ns(200000);
    }
    leave();
    return pid;
}

/* A child that may only exec or exit, which a forked one does as well. */
PSET_EXPORT pid_t vfork(void) { return fork(); }

/*
 * Pauses a writer until the reader has taken what was written (at most 4 ms: nobody may be reading yet),
 * then 0.5 ms more, as if the writer had lost the CPU there. Waiting for the reader rather than for a
 * fixed time makes the pause mean the same on an idle machine and on a loaded one, where the reader may
 * not even be scheduled within a fixed fraction of a millisecond.
 */
static void let_reader_ahead(int fd, int is_pipe) {
    for (int polls = 0; polls < 40; polls++) {
        int unread = 0;
        if (ioctl(fd, is_pipe ? FIONREAD : SIOCOUTQ, &unread) != 0 || unread <= 0) break;
        real_sleep_ns(100000);
    }
    real_sleep_ns(500000);
}

/*
 * In a perturbed run (PSET_SCHED_PERTURB: the explored schedules) a process that hands bytes to another
 * through a pipe or a socket pauses right after, one time in two, until the reader has them, so the
 * reader gets ahead. Output that is in order only because the writer usually runs on (a line flushed
 * after the turn is handed over) shows its race. The pauses follow the seed; what the kernel does
 * meanwhile does not, so a process run replays its pauses, not always its outcome.
 */
PSET_EXPORT ssize_t write(int fd, const void *data, size_t count) {
    if (!initialised) initialise();
    /* The next `write` (ThreadSanitizer's, where it is loaded, which orders a pipe's reader after its writer). */
    ssize_t written = real_write(fd, data, count);
    if (!perturb || written <= 0) return written;
    int saved = errno;
    struct stat info;
    if (fstat(fd, &info) == 0 && (S_ISFIFO(info.st_mode) || S_ISSOCK(info.st_mode))) {
        lock_big();
        int pause = chance(1);
        unlock_big();
        if (pause) let_reader_ahead(fd, S_ISFIFO(info.st_mode));
    }
    errno = saved;
    return written;
}
