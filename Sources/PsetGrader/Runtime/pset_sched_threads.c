/* Threads: creation, joining, detaching, exit, pthread_once, and sched_yield. */
#include "pset_sched.h"

#include <errno.h>

static void finish(int me, void *result) {
    lock_big();
    int holder = current == me;
    threads[me].result = result;
    threads[me].state = DONE;
    for (int i = 0; i < slots_in_use; i++) {
        if (threads[i].state == BLOCKED && threads[i].op == OP_JOIN && threads[i].target == me) {
            threads[i].state = RUNNABLE;
        }
    }
    if (threads[me].detached) threads[me].state = SLOT_EMPTY;
    steps++;
    if (holder || current < 0) reschedule(me);
    local.self = FINISHED;
    unlock_big();
}

static void *trampoline(void *slot) {
    int me = (int)(intptr_t)slot;
    local.self = me;
    lock_big();
    identify(me);
    wait_turn(me);
    unlock_big();
    void *result = threads[me].start(threads[me].arg);
    finish(me, result);
    return result;
}

/* A fiber's start, entered by its first switch with the big lock held (pset_sched_fibers.c). */
static void fiber_trampoline(void) {
    int me = current;
    fiber_begin(me);
    unlock_big();
    void *result = threads[me].start(threads[me].arg);
    finish(me, result);
    fiber_exit(me);
}

/* The size of the stack a thread created with `attr` gets: the one asked for, or the default. */
static size_t stack_size_of(const pthread_attr_t *attr) {
    size_t size = 0;
    if (attr) pthread_attr_getstacksize(attr, &size);
    pthread_attr_t defaults;
    if (size == 0 && pthread_getattr_default_np(&defaults) == 0) {
        pthread_attr_getstacksize(&defaults, &size);
        pthread_attr_destroy(&defaults);
    }
    return size;
}

PSET_EXPORT int pthread_create(pthread_t *thread, const pthread_attr_t *attr, void *(*start)(void *), void *arg) {
    int me = enter();
    threads[me].caller = __builtin_return_address(0);
    sched_point(me);
    int child = allocate_thread();
    if (child < 0) {
        leave();
        return EAGAIN;
    }
    threads[child].state = BLOCKED;
    threads[child].start = start;
    threads[child].arg = arg;
    threads[child].priority = fresh_priority();
    int detach_state = PTHREAD_CREATE_JOINABLE;
    if (attr) pthread_attr_getdetachstate(attr, &detach_state);
    threads[child].detached = detach_state == PTHREAD_CREATE_DETACHED;
    threads[child].stack_size = stack_size_of(attr);
    int status;
    if (fibers_on) {
        status = fiber_create(child, attr, fiber_trampoline, thread);
    } else {
        leave();
        /* A calm run may be a ThreadSanitizer run, which numbers threads as they start: the watchdog starts at
         * the same point every time, before the first thread, rather than when some wait first lasts. */
        if (calm) start_watchdog();
        status = real_create(thread, attr, trampoline, (void *)(intptr_t)child);
        lock_big();
        rejoin(me);
    }
    if (status != 0) {
        threads[child].state = SLOT_EMPTY;
    } else {
        threads[child].handle = *thread;
        threads[child].state = RUNNABLE;
        trace_sync(me, EV_CREATE, NULL, child);
    }
    sched_point(me);
    leave();
    return status;
}

PSET_EXPORT int pthread_join(pthread_t thread, void **result) {
    int me = enter();
    threads[me].caller = __builtin_return_address(0);
    sched_point(me);
    int target = thread_of(thread);
    if (target < 0 || target == me) {
        /* No thread of the program's (one joined already): what the C library makes of it, a fiber is not. */
        if (target < 0 && fibers_on) fiber_fallback("pthread_join-unknown");
        leave();
        return target == me ? EDEADLK : real_join(thread, result);
    }
    while (threads[target].state != DONE) {
        threads[me].target = target;
        block_on(me, OP_JOIN, &threads[target], -1);
        threads[me].target = -1;
    }
    void *value = threads[target].result;
    trace_sync(me, EV_JOIN, NULL, target);
    threads[target].state = SLOT_EMPTY;
    if (fibers_on) {
        fiber_reap(target);
        leave();
        if (result) *result = value;
        return 0;
    }
    leave();
    real_join(thread, NULL);
    if (result) *result = value;
    return 0;
}

PSET_EXPORT int pthread_detach(pthread_t thread) {
    int me = enter();
    (void)me;
    int target = thread_of(thread);
    if (target >= 0) {
        if (threads[target].state == DONE) threads[target].state = SLOT_EMPTY;
        else threads[target].detached = 1;
    }
    if (fibers_on) {
        if (target < 0) fiber_fallback("pthread_detach-unknown");
        if (threads[target].state == SLOT_EMPTY) fiber_reap(target);
        leave();
        return 0;
    }
    leave();
    return real_detach(thread);
}

PSET_EXPORT void pthread_exit(void *result) {
    if (!initialised) initialise();
    int me = local.self;
    if (me >= 0) finish(me, result);
    if (fibers_on && me >= 0) fiber_exit(me);
    real_exit(result);
}

/*
 * pthread_once, modelled: the C library's would make a second caller wait in the kernel for the first, which
 * the scheduler may have preempted inside the initialiser, until the watchdog noticed. The once object's
 * `value` is 0 before, 1 while the initialiser runs, 2 after; the program's own pthread_once_t is not touched.
 */
PSET_EXPORT int pthread_once(pthread_once_t *once, void (*initialiser)(void)) {
    /* A finished thread unwinding in pthread_exit: the unwinder's own, which no thread of the program runs. */
    if (local.self == FINISHED) return real_once(once, initialiser);
    int me = enter();
    threads[me].caller = __builtin_return_address(0);
    sched_point(me);
    struct object *object = object_for(once, K_ONCE);
    while (object->value == 1) {
        block_on(me, OP_ONCE, once, -1);
        object = object_for(once, K_ONCE);
    }
    if (object->value == 2) {
        announce_acquire(once);
        leave();
        return 0;
    }
    object->value = 1;
    object->owner = me;
    leave();
    initialiser();
    me = enter();
    object = object_for(once, K_ONCE);
    object->value = 2;
    object->owner = -1;
    announce_release(once);
    wake_all(OP_ONCE, once);
    sched_point(me);
    leave();
    return 0;
}

PSET_EXPORT int sched_yield(void) {
    int me = enter();
    yield_point(me);
    leave();
    return 0;
}
