/*
 * Condition variables and barriers. A signal wakes a random waiter and a wait sometimes wakes
 * spuriously, both by the seed, so code that assumes otherwise fails under some schedule.
 */
#include "pset_sched.h"

#include <errno.h>
#include <string.h>

/* ---- condition variables ---- */

PSET_EXPORT int pthread_cond_init(pthread_cond_t *cond, const pthread_condattr_t *attr) {
    (void)attr;
    int me = enter();
    (void)me;
    reset_object(cond, K_COND);
    leave();
    memset(cond, 0, sizeof *cond);
    return 0;
}

PSET_EXPORT int pthread_cond_destroy(pthread_cond_t *cond) {
    int me = enter();
    (void)me;
    reset_object(cond, K_COND);
    leave();
    return 0;
}

static int cond_wait(pthread_cond_t *cond, pthread_mutex_t *mutex, int64_t deadline, void *caller) {
    int me = enter();
    threads[me].caller = caller;
    release_lock(me, mutex, K_MUTEX, OP_MUTEX);
    int timed_out = 0;
    if (chance(spurious_shift)) {
        sched_point(me);
    } else {
        block_on(me, OP_COND, cond, deadline);
        timed_out = threads[me].timed_out;
    }
    threads[me].caller = caller;
    acquire_lock(me, mutex, K_MUTEX, OP_MUTEX, 0, -1);
    acquired_point(me);
    leave();
    return timed_out ? ETIMEDOUT : 0;
}

PSET_EXPORT int pthread_cond_wait(pthread_cond_t *cond, pthread_mutex_t *mutex) {
    return cond_wait(cond, mutex, -1, __builtin_return_address(0));
}

PSET_EXPORT int pthread_cond_timedwait(pthread_cond_t *cond, pthread_mutex_t *mutex, const struct timespec *when) {
    return cond_wait(cond, mutex, relative_deadline(when, CLOCK_REALTIME), __builtin_return_address(0));
}

PSET_EXPORT int pthread_cond_clockwait(pthread_cond_t *cond, pthread_mutex_t *mutex, clockid_t clock,
                           const struct timespec *when) {
    return cond_wait(cond, mutex, relative_deadline(when, clock), __builtin_return_address(0));
}

PSET_EXPORT int pthread_cond_signal(pthread_cond_t *cond) {
    int me = enter();
    threads[me].caller = __builtin_return_address(0);
    int waiters[MAX_THREADS], count = 0;
    for (int i = 0; i < slots_in_use; i++)
        if (threads[i].state == BLOCKED && threads[i].op == OP_COND && threads[i].object == cond) waiters[count++] = i;
    if (count > 0) {
        int chosen = waiters[next_random() % (uint64_t)count];
        threads[chosen].state = RUNNABLE;
        threads[chosen].deadline = -1;
    }
    trace_sync(me, EV_SIGNAL, cond, count);
    sched_point(me);
    leave();
    return 0;
}

PSET_EXPORT int pthread_cond_broadcast(pthread_cond_t *cond) {
    int me = enter();
    threads[me].caller = __builtin_return_address(0);
    trace_sync(me, EV_BROADCAST, cond, 0);
    wake_all(OP_COND, cond);
    sched_point(me);
    leave();
    return 0;
}

/* ---- barriers ---- */

PSET_EXPORT int pthread_barrier_init(pthread_barrier_t *barrier, const pthread_barrierattr_t *attr, unsigned count) {
    (void)attr;
    if (count == 0) return EINVAL;
    int me = enter();
    (void)me;
    reset_object(barrier, K_BARRIER);
    object_for(barrier, K_BARRIER)->needed = count;
    leave();
    return 0;
}

PSET_EXPORT int pthread_barrier_destroy(pthread_barrier_t *barrier) {
    int me = enter();
    (void)me;
    reset_object(barrier, K_BARRIER);
    leave();
    return 0;
}

PSET_EXPORT int pthread_barrier_wait(pthread_barrier_t *barrier) {
    int me = enter();
    threads[me].caller = __builtin_return_address(0);
    sched_point(me);
    struct object *object = object_for(barrier, K_BARRIER);
    int status = 0;
    announce_release(barrier);
    if (++object->arrived >= object->needed) {
        object->arrived = 0;
        object->generation++;
        wake_all(OP_BARRIER, barrier);
        status = PTHREAD_BARRIER_SERIAL_THREAD;
    } else {
        unsigned generation = object->generation;
        while (object->generation == generation) {
            block_on(me, OP_BARRIER, barrier, -1);
            object = object_for(barrier, K_BARRIER);
        }
    }
    announce_acquire(barrier);
    leave();
    return status;
}

/* ---- semaphores: unnamed ones are modelled, but for those in shared memory and named ones ---- */
