/*
 * Semaphores: unnamed ones are modelled, but for those in shared memory (where another process can reach
 * them), which pass through to the C library like named ones. Taking one is a switch point before and
 * right after; sem_trywait calls that keep failing give way.
 */
#include "pset_sched.h"

#include <errno.h>

PSET_EXPORT int sem_init(sem_t *sem, int shared, unsigned value) {
    if (!initialised) initialise();
    if (shared && in_shared_mapping(sem)) {
        lock_big();
        reset_object(sem, K_SEM);
        object_for(sem, K_SEM)->passthrough = 1;
        unlock_big();
        return real_sem_init(sem, shared, value);
    }
    int me = enter();
    (void)me;
    reset_object(sem, K_SEM);
    struct object *object = object_for(sem, K_SEM);
    object->value = value;
    object->count = 1;
    leave();
    return real_sem_init(sem, 0, value);
}

PSET_EXPORT int sem_destroy(sem_t *sem) {
    if (!initialised) initialise();
    lock_big();
    reset_object(sem, K_SEM);
    unlock_big();
    return real_sem_destroy(sem);
}

/* A semaphore this runtime models: made by sem_init without sharing. */
static struct object *modelled_sem(sem_t *sem) {
    if (!initialised) initialise();
    lock_big();
    struct object *object = find_object(sem);
    int modelled = object && object->kind == K_SEM && object->count == 1 && !object->passthrough;
    unlock_big();
    return modelled ? object : NULL;
}

static int sem_acquire(sem_t *sem, int try_only, int64_t deadline, void *caller) {
    int me = enter();
    threads[me].caller = caller;
    sched_point(me);
    struct object *object = object_for(sem, K_SEM);
    int status = 0;
    while (object->value == 0) {
        if (try_only) {
            status = EAGAIN;
            break;
        }
        block_on(me, OP_SEM, sem, deadline);
        object = object_for(sem, K_SEM);
        if (threads[me].timed_out && object->value == 0) {
            status = ETIMEDOUT;
            break;
        }
    }
    if (status == 0) {
        object->value--;
        trace_sync(me, EV_SEM_WAIT, sem, (int)object->value);
        announce_acquire(sem);
    }
    if (status == 0 || status == EAGAIN) tried_point(me, status == 0);
    leave();
    if (status != 0) {
        errno = status;
        return -1;
    }
    return 0;
}

PSET_EXPORT int sem_wait(sem_t *sem) {
    if (!modelled_sem(sem)) return real_sem_wait(sem);
    return sem_acquire(sem, 0, -1, __builtin_return_address(0));
}

PSET_EXPORT int sem_trywait(sem_t *sem) {
    if (!modelled_sem(sem)) return real_sem_trywait(sem);
    return sem_acquire(sem, 1, -1, __builtin_return_address(0));
}

PSET_EXPORT int sem_timedwait(sem_t *sem, const struct timespec *when) {
    if (!modelled_sem(sem)) return real_sem_timedwait(sem, when);
    return sem_acquire(sem, 0, relative_deadline(when, CLOCK_REALTIME), __builtin_return_address(0));
}

PSET_EXPORT int sem_post(sem_t *sem) {
    if (!modelled_sem(sem)) return real_sem_post(sem);
    int me = enter();
    threads[me].caller = __builtin_return_address(0);
    announce_release(sem);
    object_for(sem, K_SEM)->value++;
    trace_sync(me, EV_SEM_POST, sem, (int)object_for(sem, K_SEM)->value);
    wake_all(OP_SEM, sem);
    sched_point(me);
    leave();
    return 0;
}

PSET_EXPORT int sem_getvalue(sem_t *sem, int *value) {
    struct object *object = modelled_sem(sem);
    if (!object) return real_sem_getvalue(sem, value);
    *value = (int)object->value;
    return 0;
}

/* ---- sleeps: virtual time while several threads live, real time otherwise ---- */
