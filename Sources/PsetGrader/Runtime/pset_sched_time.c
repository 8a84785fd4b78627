/* Sleeps and timed waits: virtual time while several threads live, real time otherwise. */
#include "pset_sched.h"

#include <errno.h>
#include <unistd.h>

int64_t relative_deadline(const struct timespec *absolute, clockid_t clock) {
    if (!absolute) return -1;
    int64_t target = (int64_t)absolute->tv_sec * 1000000000LL + absolute->tv_nsec;
    int64_t remaining = target - real_now_ns(clock);
    return virtual_now + (remaining > 0 ? remaining : 0);
}

static void sleep_for(int64_t ns, void *caller) {
    if (ns < 0) ns = 0;
    int me = enter();
    if (live_threads() <= 1) {
        leave();
        real_sleep_ns(ns);
        return;
    }
    threads[me].caller = caller;
    /*
     * In an explored run, a sleep the program's own code asks for ends before any other thread ran, half the
     * time: on a busy machine nothing makes another thread run while one sleeps, so sleeping is no way to wait
     * for it. A harness's sleeps, outside instrumented code, still let every other thread go first.
     */
    if (exploring && local.instrumented > 0 && chance(1)) {
        virtual_now += ns;
        wake_due();
        sched_point(me);
        leave();
        return;
    }
    threads[me].priority = low_priority--;
    threads[me].state = SLEEPING;
    threads[me].op = OP_SLEEP;
    threads[me].deadline = virtual_now + ns;
    steps++;
    reschedule(me);
    threads[me].op = OP_NONE;
    leave();
}

PSET_EXPORT int nanosleep(const struct timespec *duration, struct timespec *remaining) {
    if (!duration || duration->tv_nsec < 0 || duration->tv_nsec >= 1000000000L) {
        errno = EINVAL;
        return -1;
    }
    sleep_for((int64_t)duration->tv_sec * 1000000000LL + duration->tv_nsec, __builtin_return_address(0));
    if (remaining) remaining->tv_sec = remaining->tv_nsec = 0;
    return 0;
}

PSET_EXPORT int clock_nanosleep(clockid_t clock, int flags, const struct timespec *when, struct timespec *remaining) {
    int64_t ns = (int64_t)when->tv_sec * 1000000000LL + when->tv_nsec;
    if (flags & TIMER_ABSTIME) ns -= real_now_ns(clock);
    sleep_for(ns, __builtin_return_address(0));
    if (remaining) remaining->tv_sec = remaining->tv_nsec = 0;
    return 0;
}

PSET_EXPORT int usleep(useconds_t microseconds) {
    sleep_for((int64_t)microseconds * 1000, __builtin_return_address(0));
    return 0;
}

PSET_EXPORT unsigned sleep(unsigned seconds) {
    sleep_for((int64_t)seconds * 1000000000LL, __builtin_return_address(0));
    return 0;
}
