/*
 * Mutexes, spinlocks and read-write locks. A lock's `owner` is the thread holding it (the writer, for a
 * read-write lock, whose `readers` counts its readers). Taking a lock is a switch point before and right
 * after; trylocks that keep failing give way, as the loop around them would spin.
 */
#include "pset_sched.h"

#include <errno.h>
#include <string.h>

int acquire_lock(int me, const void *lock, enum kind kind, enum op op, int try_only, int64_t deadline) {
    struct object *object = object_for(lock, kind);
    if (object->owner == me && object->type == PTHREAD_MUTEX_RECURSIVE) {
        object->count++;
        announce_acquire(lock);
        return 0;
    }
    if (object->owner == me && object->type == PTHREAD_MUTEX_ERRORCHECK) return EDEADLK;
    while (object->owner >= 0) {
        if (try_only) return EBUSY;
        block_on(me, op, lock, deadline);
        object = object_for(lock, kind);
        if (threads[me].timed_out) return ETIMEDOUT;
    }
    object->owner = me;
    object->count = 1;
    threads[me].held++;
    trace_sync(me, EV_LOCK, lock, 0);
    announce_acquire(lock);
    note_acquired(me, lock, try_only);
    return 0;
}

int release_lock(int me, const void *lock, enum kind kind, enum op op) {
    struct object *object = object_for(lock, kind);
    if (object->owner != me && object->type == PTHREAD_MUTEX_ERRORCHECK) return EPERM;
    announce_release(lock);
    if (object->owner == me && object->type == PTHREAD_MUTEX_RECURSIVE && --object->count > 0) return 0;
    if (object->owner == me && threads[me].held > 0) threads[me].held--;
    object->owner = -1;
    object->count = 0;
    trace_sync(me, EV_UNLOCK, lock, 0);
    note_released(me, lock);
    wake_all(op, lock);
    return 0;
}

/* After an attempt to take a lock: a switch point once it is taken; a try that found it busy may spin. */
static int after_attempt(int me, int status) {
    if (status == 0 || status == EBUSY) tried_point(me, status == 0);
    return status;
}

static int take(const void *lock, enum kind kind, enum op op, int try_only, int64_t deadline, void *caller) {
    int me = enter();
    threads[me].caller = caller;
    sched_point(me);
    int status = after_attempt(me, acquire_lock(me, lock, kind, op, try_only, deadline));
    leave();
    return status;
}

static int give_back(const void *lock, enum kind kind, enum op op, void *caller) {
    int me = enter();
    threads[me].caller = caller;
    int status = release_lock(me, lock, kind, op);
    sched_point(me);
    leave();
    return status;
}

/* ---- mutexes ---- */

PSET_EXPORT int pthread_mutex_init(pthread_mutex_t *mutex, const pthread_mutexattr_t *attr) {
    int type = PTHREAD_MUTEX_DEFAULT, shared = PTHREAD_PROCESS_PRIVATE;
    if (attr) {
        pthread_mutexattr_gettype(attr, &type);
        pthread_mutexattr_getpshared(attr, &shared);
    }
    int passthrough = shared == PTHREAD_PROCESS_SHARED && in_shared_mapping(mutex);
    int me = enter();
    (void)me;
    reset_object(mutex, K_MUTEX);
    struct object *object = object_for(mutex, K_MUTEX);
    object->type = type;
    object->passthrough = passthrough;
    leave();
    memset(mutex, 0, sizeof *mutex);
    return passthrough ? real_mutex_init(mutex, attr) : 0;
}

PSET_EXPORT int pthread_mutex_destroy(pthread_mutex_t *mutex) {
    int me = enter();
    (void)me;
    struct object *object = find_object(mutex);
    int busy = object && !object->passthrough && object->owner >= 0;
    if (object && !busy) reset_object(mutex, K_MUTEX);
    leave();
    return busy ? EBUSY : 0;
}

/*
 * Whether a lock is the C library's: a process-shared one, whose owner would be the kernel thread all fibers
 * share, so a fiber run gives up on it once two threads live; and any lock of a finished thread unwinding in
 * pthread_exit (the unwinder's), which would otherwise come back as a thread of its own, out of step.
 */
static int passthrough_lock(pthread_mutex_t *mutex) {
    if (local.self == FINISHED) return 1;
    if (!is_passthrough(mutex)) return 0;
    if (fibers_on && live_threads() > 1) fiber_fallback("process-shared-mutex");
    return 1;
}

PSET_EXPORT int pthread_mutex_lock(pthread_mutex_t *mutex) {
    if (passthrough_lock(mutex)) return real_mutex_lock(mutex);
    return take(mutex, K_MUTEX, OP_MUTEX, 0, -1, __builtin_return_address(0));
}

PSET_EXPORT int pthread_mutex_trylock(pthread_mutex_t *mutex) {
    if (passthrough_lock(mutex)) return real_mutex_trylock(mutex);
    return take(mutex, K_MUTEX, OP_MUTEX, 1, -1, __builtin_return_address(0));
}

PSET_EXPORT int pthread_mutex_timedlock(pthread_mutex_t *mutex, const struct timespec *when) {
    return take(mutex, K_MUTEX, OP_MUTEX, 0, relative_deadline(when, CLOCK_REALTIME), __builtin_return_address(0));
}

PSET_EXPORT int pthread_mutex_unlock(pthread_mutex_t *mutex) {
    if (passthrough_lock(mutex)) return real_mutex_unlock(mutex);
    return give_back(mutex, K_MUTEX, OP_MUTEX, __builtin_return_address(0));
}

/* ---- spinlocks ---- */

PSET_EXPORT int pthread_spin_init(pthread_spinlock_t *lock, int shared) {
    (void)shared;
    int me = enter();
    (void)me;
    reset_object((const void *)lock, K_SPIN);
    leave();
    *lock = 0;
    return 0;
}

PSET_EXPORT int pthread_spin_destroy(pthread_spinlock_t *lock) {
    int me = enter();
    (void)me;
    reset_object((const void *)lock, K_SPIN);
    leave();
    return 0;
}

PSET_EXPORT int pthread_spin_lock(pthread_spinlock_t *lock) {
    return take((const void *)lock, K_SPIN, OP_SPIN, 0, -1, __builtin_return_address(0));
}

PSET_EXPORT int pthread_spin_trylock(pthread_spinlock_t *lock) {
    return take((const void *)lock, K_SPIN, OP_SPIN, 1, -1, __builtin_return_address(0));
}

PSET_EXPORT int pthread_spin_unlock(pthread_spinlock_t *lock) {
    return give_back((const void *)lock, K_SPIN, OP_SPIN, __builtin_return_address(0));
}

/* ---- read-write locks ---- */

PSET_EXPORT int pthread_rwlock_init(pthread_rwlock_t *lock, const pthread_rwlockattr_t *attr) {
    (void)attr;
    int me = enter();
    (void)me;
    reset_object(lock, K_RWLOCK);
    object_for(lock, K_RWLOCK);
    leave();
    return 0;
}

PSET_EXPORT int pthread_rwlock_destroy(pthread_rwlock_t *lock) {
    int me = enter();
    (void)me;
    reset_object(lock, K_RWLOCK);
    leave();
    return 0;
}

static int read_lock(pthread_rwlock_t *lock, int try_only, void *caller, int64_t deadline) {
    int me = enter();
    threads[me].caller = caller;
    sched_point(me);
    struct object *object = object_for(lock, K_RWLOCK);
    int status = 0;
    while (object->owner >= 0) {
        if (try_only) {
            status = EBUSY;
            break;
        }
        block_on(me, OP_RDLOCK, lock, deadline);
        object = object_for(lock, K_RWLOCK);
        if (threads[me].timed_out) {
            status = ETIMEDOUT;
            break;
        }
    }
    if (status == 0) {
        object->readers++;
        threads[me].held++;
        trace_sync(me, EV_RDLOCK, lock, 0);
        announce_acquire(lock);
    }
    after_attempt(me, status);
    leave();
    return status;
}

static int write_lock(pthread_rwlock_t *lock, int try_only, void *caller, int64_t deadline) {
    int me = enter();
    threads[me].caller = caller;
    sched_point(me);
    struct object *object = object_for(lock, K_RWLOCK);
    int status = 0;
    while (object->owner >= 0 || object->readers > 0) {
        if (object->owner == me) {
            status = EDEADLK;
            break;
        }
        if (try_only) {
            status = EBUSY;
            break;
        }
        block_on(me, OP_WRLOCK, lock, deadline);
        object = object_for(lock, K_RWLOCK);
        if (threads[me].timed_out) {
            status = ETIMEDOUT;
            break;
        }
    }
    if (status == 0) {
        object->owner = me;
        threads[me].held++;
        trace_sync(me, EV_LOCK, lock, 0);
        announce_acquire(lock);
        note_acquired(me, lock, try_only);
    }
    after_attempt(me, status);
    leave();
    return status;
}

PSET_EXPORT int pthread_rwlock_rdlock(pthread_rwlock_t *lock) {
    return read_lock(lock, 0, __builtin_return_address(0), -1);
}

PSET_EXPORT int pthread_rwlock_tryrdlock(pthread_rwlock_t *lock) {
    return read_lock(lock, 1, __builtin_return_address(0), -1);
}

PSET_EXPORT int pthread_rwlock_timedrdlock(pthread_rwlock_t *lock, const struct timespec *when) {
    return read_lock(lock, 0, __builtin_return_address(0), relative_deadline(when, CLOCK_REALTIME));
}

PSET_EXPORT int pthread_rwlock_wrlock(pthread_rwlock_t *lock) {
    return write_lock(lock, 0, __builtin_return_address(0), -1);
}

PSET_EXPORT int pthread_rwlock_trywrlock(pthread_rwlock_t *lock) {
    return write_lock(lock, 1, __builtin_return_address(0), -1);
}

PSET_EXPORT int pthread_rwlock_timedwrlock(pthread_rwlock_t *lock, const struct timespec *when) {
    return write_lock(lock, 0, __builtin_return_address(0), relative_deadline(when, CLOCK_REALTIME));
}

PSET_EXPORT int pthread_rwlock_unlock(pthread_rwlock_t *lock) {
    int me = enter();
    threads[me].caller = __builtin_return_address(0);
    struct object *object = object_for(lock, K_RWLOCK);
    trace_sync(me, EV_UNLOCK, lock, 0);
    announce_release(lock);
    if (object->owner == me) {
        object->owner = -1;
        note_released(me, lock);
    } else if (object->readers > 0) {
        object->readers--;
    }
    if (threads[me].held > 0) threads[me].held--;
    wake_all(OP_RDLOCK, lock);
    wake_all(OP_WRLOCK, lock);
    sched_point(me);
    leave();
    return 0;
}
