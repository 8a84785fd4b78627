/*
 * The watchdog: hands the baton on from a thread stuck outside the runtime, so nothing hangs forever.
 *
 * It is a thread of its own. An exploring run starts it only once a thread has waited WATCHDOG_TICK_NS
 * for its turn: most explored schedules end sooner, and a thread fewer to start is a good part of what
 * one costs. A calm run starts it with the program's first thread.
 */
#include "pset_sched.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The kernel's state letter in a /proc stat file: 'R' running or runnable, 'S' or 'D' asleep, '?' unknown. */
char kernel_state(const char *stat_path) {
    char text[512];
    int fd = open(stat_path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return '?';
    ssize_t got = read(fd, text, sizeof text - 1);
    close(fd);
    if (got <= 0) return '?';
    text[got] = 0;
    char *after = strrchr(text, ')');
    return after && after[1] == ' ' ? after[2] : '?';
}

/* CPU time a thread has used, in nanoseconds. */
static int64_t thread_cpu_ns(pthread_t handle) {
    clockid_t clock;
    struct timespec used;
    if (pthread_getcpuclockid(handle, &clock) != 0 || clock_gettime(clock, &used) != 0) return 0;
    return (int64_t)used.tv_sec * 1000000000LL + used.tv_nsec;
}

/*
 * Hands the baton on when its holder has not reached a synchronisation point for a while: it is
 * blocked in a call this runtime does not model, or spinning. The holder then runs freely until it
 * next enters the runtime, where it queues for the baton again.
 *
 * "A while" is measured so that a busy machine changes nothing: a holder asleep in the kernel (a
 * blocking read) counts the ticks it sleeps, but a runnable one counts only the CPU time it burns, so
 * one that merely waits for a CPU the machine is short of is never handed over.
 */
static void *watchdog(void *unused) {
    (void)unused;
    local.self = -3;
    int watched = -1;
    int64_t quiet = 0, cpu_seen = 0;
    uint64_t seen = 0;
    for (;;) {
        real_sleep_ns(WATCHDOG_TICK_NS);
        lock_big();
        /* Once every thread of the program has finished (main by pthread_exit), the watchdog must not be the
         * thread that keeps the process alive. */
        if (!watchdog_running || live_threads() == 0) {
            watchdog_running = 0;
            unlock_big();
            return NULL;
        }
        int holder = current >= 0 && threads[current].state == RUNNABLE ? current : -1;
        int64_t cpu = holder >= 0 ? thread_cpu_ns(threads[holder].handle) : 0;
        if (holder >= 0 && holder == watched && threads[holder].progress == seen) {
            char path[64];
            snprintf(path, sizeof path, "/proc/self/task/%d/stat", (int)threads[holder].tid);
            quiet += kernel_state(path) == 'R' ? cpu - cpu_seen : WATCHDOG_TICK_NS;
        } else {
            quiet = 0;
        }
        if (quiet >= WATCHDOG_TICKS * WATCHDOG_TICK_NS) {
            threads[holder].state = FREE_RUNNING;
            int next = pick_next();
            while (next < 0 && advance_time()) next = pick_next();
            if (next >= 0) switch_to(next);
            else current = -1;
            quiet = 0;
            holder = -1;
        }
        watched = holder;
        seen = holder >= 0 ? threads[holder].progress : 0;
        cpu_seen = cpu;
        unlock_big();
    }
}

/* Starts the watchdog, if it is not running yet; called without the big lock. */
void start_watchdog(void) {
    lock_big();
    int start = !watchdog_running;
    watchdog_running = 1;
    unlock_big();
    if (!start) return;
    pthread_t ignored;
    pthread_attr_t small;
    pthread_attr_init(&small);
    pthread_attr_setdetachstate(&small, PTHREAD_CREATE_DETACHED);
    real_create(&ignored, &small, watchdog, NULL);
    pthread_attr_destroy(&small);
}
