/*
 * Switch points at shared-memory accesses, for the explored build: the submission compiled with gcc's
 * -fsanitize=thread instrumentation, which calls __tsan_read4, __tsan_write8, __tsan_atomic32_load and
 * the rest around every load and store of memory that may be shared, but linked with this runtime in
 * place of libtsan. Each such access becomes a step at which PCT may preempt the thread, so a bug that
 * needs a switch between two plain accesses -- a racy read-modify-write, a check and its use, a lock
 * taken with trylock and the update dropped when it is busy -- shows as the failure it causes.
 *
 * Cost is kept in check: accesses to the thread's own stack are no steps; at most 2^BUDGET_BITS
 * accesses of a run are; and a step that is no change point costs a few comparisons, no lock. Accesses made
 * holding no lock are counted apart, for the focused runs whose change points fall only on them.
 *
 * A thread that reads the same locations and values over and over, without writing or anyone else
 * running, is spinning: it gives way (yield_point), so a flag loop waits for its writer rather than
 * starving it at the highest priority.
 *
 * Atomics are carried out as sequentially consistent operations, the strongest order, whatever the
 * program asked for: only one thread runs at a time, so no weaker outcome could be shown anyway.
 */
#include "pset_sched.h"

#include <string.h>

const int access_points_linked = 1;

/* The thread holding the baton, when an access at `address` by the caller is a step; -1 otherwise. */
static inline int stepping_thread(const volatile void *address) {
    int me = local.self;
    if (!exploring || me < 0 || local.in_runtime) return -1;
    if ((uintptr_t)address - local.stack_low < local.stack_high - local.stack_low) return -1;
    if ((uintptr_t)address - local.tls_low < local.tls_high - local.tls_low) return -1;
    if (__atomic_load_n(&current, __ATOMIC_RELAXED) != me) return -1;
    return me;
}

/* A switch point before an access: a change point when the run's steps reach one. */
static inline void access_step(int me) {
    if (access_steps >= (1ULL << BUDGET_BITS)) return;
    access_steps++;
    steps++;
    if (threads[me].held == 0) unlocked_steps++;
    if (change_clock() < next_change_step) return;
    lock_big();
    if (at_change_step()) change_point(me);
    unlock_big();
}

static inline void forget_reads(int me) {
    threads[me].spin_used = 0;
    threads[me].spin_repeats = 0;
}

/* Notes a read of `value` at `address`; gives way once the thread has read nothing new for a while. */
static void note_read(int me, const volatile void *address, uint64_t value) {
    struct thread *thread = &threads[me];
    int i = 0;
    while (i < thread->spin_used && thread->spin_address[i] != (const void *)address) i++;
    if (i < thread->spin_used && thread->spin_value[i] == value) {
        if (++thread->spin_repeats >= SPIN_REPEATS) {
            forget_reads(me);
            lock_big();
            yield_point(me);
            unlock_big();
        }
        return;
    }
    /* A value that changed, or more locations than a spin loop reads: the thread is getting somewhere. */
    if (i < thread->spin_used || thread->spin_used == SPIN_WINDOW) forget_reads(me);
    thread->spin_address[thread->spin_used] = (const void *)address;
    thread->spin_value[thread->spin_used++] = value;
}

static inline uint64_t value_at(const volatile void *address, unsigned size) {
    uint64_t value = 0, high = 0;
    __builtin_memcpy(&value, (const void *)address, size > 8 ? 8 : size);
    if (size > 8) __builtin_memcpy(&high, (const char *)address + 8, size - 8);
    return value ^ (high * 0x9e3779b97f4a7c15ULL);
}

/* Always inlined, so that __builtin_return_address(0) is the instrumented code's: where a trace says it read. */
static inline __attribute__((always_inline)) void read_access(const volatile void *address, unsigned size) {
    int me = stepping_thread(address);
    if (me < 0) return;
    access_step(me);
    uint64_t value = value_at(address, size);
    if (__builtin_expect(tracing, 0))
        trace_record(me, EV_READ, __builtin_return_address(0), (const void *)address, size, value, 0);
    note_read(me, address, value);
}

static inline __attribute__((always_inline)) void write_access(const volatile void *address, unsigned size) {
    int me = stepping_thread(address);
    if (me < 0) return;
    access_step(me);
    if (__builtin_expect(tracing, 0))
        trace_record(me, EV_WRITE, __builtin_return_address(0), (const void *)address, size, 0, 0);
    forget_reads(me);
}

#define PLAIN_ACCESSES(size)                                                                                          \
    PSET_EXPORT void __tsan_read##size(void *address) { read_access(address, size); }                               \
    PSET_EXPORT void __tsan_write##size(void *address) { write_access(address, size); }                             \
    PSET_EXPORT void __tsan_unaligned_read##size(void *address) { read_access(address, size); }                     \
    PSET_EXPORT void __tsan_unaligned_write##size(void *address) { write_access(address, size); }

PSET_EXPORT void __tsan_read1(void *address) { read_access(address, 1); }
PSET_EXPORT void __tsan_write1(void *address) { write_access(address, 1); }
PLAIN_ACCESSES(2)
PLAIN_ACCESSES(4)
PLAIN_ACCESSES(8)
PLAIN_ACCESSES(16)

/* A range (a struct copied whole, a packed field) is one step; it is not followed for spinning. */
PSET_EXPORT void __tsan_read_range(void *address, unsigned long size) {
    (void)size;
    int me = stepping_thread(address);
    if (me >= 0) access_step(me);
}

PSET_EXPORT void __tsan_write_range(void *address, unsigned long size) {
    write_access(address, (unsigned)(size <= 8 ? size : 0));
}

/* Set-up is not needed; of the call stack, only whether the thread is in the program's own code. */
PSET_EXPORT void __tsan_init(void) {}
PSET_EXPORT void __tsan_func_entry(void *caller) {
    (void)caller;
    local.instrumented++;
}
PSET_EXPORT void __tsan_func_exit(void) { local.instrumented--; }

PSET_EXPORT void __tsan_atomic_thread_fence(int order) {
    (void)order;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
}

PSET_EXPORT void __tsan_atomic_signal_fence(int order) {
    (void)order;
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
}

/*
 * An atomic read-modify-write: a step before it, then the operation; one that leaves the value as it
 * was (a failed compare-exchange, an exchange of equal values) is a read for spin detection.
 */
#define BEFORE_ATOMIC(address) int me = stepping_thread(address); if (me >= 0) access_step(me)
#define AFTER_ATOMIC(address, old, new)                                                                              \
    if (me >= 0) {                                                                                                   \
        if (__builtin_expect(tracing, 0))                                                                            \
            trace_record(me, EV_UPDATE, __builtin_return_address(0), (const void *)address, sizeof(old),            \
                         (uint64_t)(new), 0);                                                                        \
        if ((old) == (new)) note_read(me, address, (uint64_t)(old));                                                 \
        else forget_reads(me);                                                                                       \
    }

#define ATOMIC_FETCH(bits, type, name, builtin)                                                                      \
    PSET_EXPORT type __tsan_atomic##bits##_##name(volatile type *address, type operand, int order) {                \
        (void)order;                                                                                                 \
        BEFORE_ATOMIC(address);                                                                                      \
        type old = builtin(address, operand, __ATOMIC_SEQ_CST);                                                      \
        AFTER_ATOMIC(address, old, __atomic_load_n(address, __ATOMIC_RELAXED));                                      \
        return old;                                                                                                  \
    }

#define ATOMICS(bits, type)                                                                                          \
    PSET_EXPORT type __tsan_atomic##bits##_load(const volatile type *address, int order) {                          \
        (void)order;                                                                                                 \
        BEFORE_ATOMIC(address);                                                                                      \
        type value = __atomic_load_n(address, __ATOMIC_SEQ_CST);                                                     \
        if (me >= 0 && __builtin_expect(tracing, 0))                                                                 \
            trace_record(me, EV_READ, __builtin_return_address(0), (const void *)address, sizeof(type),              \
                         (uint64_t)value, 0);                                                                        \
        if (me >= 0) note_read(me, address, (uint64_t)value);                                                        \
        return value;                                                                                                \
    }                                                                                                                \
    PSET_EXPORT void __tsan_atomic##bits##_store(volatile type *address, type value, int order) {                   \
        (void)order;                                                                                                 \
        BEFORE_ATOMIC(address);                                                                                      \
        __atomic_store_n(address, value, __ATOMIC_SEQ_CST);                                                          \
        if (me >= 0 && __builtin_expect(tracing, 0))                                                                 \
            trace_record(me, EV_WRITE, __builtin_return_address(0), (const void *)address, sizeof(type),          \
                         (uint64_t)value, 0);                                                                        \
        if (me >= 0) forget_reads(me);                                                                               \
    }                                                                                                                \
    ATOMIC_FETCH(bits, type, exchange, __atomic_exchange_n)                                                          \
    ATOMIC_FETCH(bits, type, fetch_add, __atomic_fetch_add)                                                          \
    ATOMIC_FETCH(bits, type, fetch_sub, __atomic_fetch_sub)                                                          \
    ATOMIC_FETCH(bits, type, fetch_and, __atomic_fetch_and)                                                          \
    ATOMIC_FETCH(bits, type, fetch_or, __atomic_fetch_or)                                                            \
    ATOMIC_FETCH(bits, type, fetch_xor, __atomic_fetch_xor)                                                          \
    ATOMIC_FETCH(bits, type, fetch_nand, __atomic_fetch_nand)                                                        \
    PSET_EXPORT int __tsan_atomic##bits##_compare_exchange_strong(volatile type *address, type *expected,            \
                                                                  type desired, int order, int failure) {            \
        (void)order;                                                                                                 \
        (void)failure;                                                                                               \
        BEFORE_ATOMIC(address);                                                                                      \
        type old = *expected;                                                                                        \
        int swapped = __atomic_compare_exchange_n(address, expected, desired, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); \
        AFTER_ATOMIC(address, swapped ? old : *expected, swapped ? desired : *expected);                            \
        return swapped;                                                                                              \
    }                                                                                                                \
    PSET_EXPORT int __tsan_atomic##bits##_compare_exchange_weak(volatile type *address, type *expected,              \
                                                                type desired, int order, int failure) {              \
        return __tsan_atomic##bits##_compare_exchange_strong(address, expected, desired, order, failure);           \
    }                                                                                                                \
    PSET_EXPORT type __tsan_atomic##bits##_compare_exchange_val(volatile type *address, type expected, type desired, \
                                                                int order, int failure) {                            \
        __tsan_atomic##bits##_compare_exchange_strong(address, &expected, desired, order, failure);                 \
        return expected;                                                                                             \
    }

ATOMICS(8, uint8_t)
ATOMICS(16, uint16_t)
ATOMICS(32, uint32_t)
ATOMICS(64, uint64_t)
