/*
 * pset_sched: a controlled scheduler preloaded (LD_PRELOAD) into a submission's plain build.
 *
 * It serialises the program's threads -- exactly one runs at a time, holding the "baton" -- and
 * decides at every synchronisation point (pthread create/join/exit, mutexes, rwlocks, spinlocks,
 * condition variables, barriers, semaphores, sched_yield, sleeps) which thread runs next. The
 * decisions follow PCT: random thread priorities, and change points where the running thread drops
 * to the lowest priority. A signal wakes a random waiter, condition waits sometimes wake
 * spuriously, and sleeps and timed waits use virtual time. Every decision comes from one seed
 * (PSET_SCHED_SEED), so a seed replays its schedule exactly.
 *
 * Mutexes, condition variables, semaphores and the rest are modelled here, keyed by their address;
 * the program's own objects are never touched (those in memory shared with other processes excepted,
 * which pass through).
 * When every thread is blocked the program has deadlocked: the runtime says who waits on what
 * and exits with status 86. A watchdog hands the baton on when the running thread is stuck in a
 * call the runtime cannot see (a blocking read, a spin loop), so nothing hangs forever.
 *
 * Everything the grader reads is on stderr, on lines starting with "@@pset ".
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define MAX_THREADS 512
#define MAX_OBJECTS 8192
#define TRACE_CAP 8192
#define DEADLOCK_STATUS 86
#define WATCHDOG_TICK_NS 5000000L
#define WATCHDOG_TICKS 20

enum state { SLOT_EMPTY, RUNNABLE, BLOCKED, SLEEPING, FREE_RUNNING, DONE };

enum op {
    OP_NONE, OP_MUTEX, OP_COND, OP_RDLOCK, OP_WRLOCK, OP_SPIN, OP_SEM, OP_JOIN, OP_BARRIER, OP_SLEEP
};

static const char *const op_names[] = {
    "running", "pthread_mutex_lock", "pthread_cond_wait", "pthread_rwlock_rdlock", "pthread_rwlock_wrlock",
    "pthread_spin_lock", "sem_wait", "pthread_join", "pthread_barrier_wait", "sleep",
};

struct thread {
    enum state state;
    pthread_t handle;
    pid_t tid;
    int detached;
    void *(*start)(void *);
    void *arg;
    void *result;
    int64_t priority;
    volatile uint32_t wake;
    enum op op;
    const void *object;
    int target;
    void *caller;
    int64_t deadline;
    int timed_out;
    uint64_t progress;
};

enum kind { K_NONE, K_MUTEX, K_COND, K_RWLOCK, K_SPIN, K_SEM, K_BARRIER };

struct object {
    const void *address;
    enum kind kind;
    int owner;
    int count;
    int type;
    long value;
    int readers;
    int passthrough;
    unsigned arrived;
    unsigned needed;
    unsigned generation;
};

static struct thread threads[MAX_THREADS];
/* One past the highest slot ever used, so that the scans at every step stop where the threads end. */
static int slots_in_use = 1;
static struct object objects[MAX_OBJECTS];
static volatile int big_lock;
static int current = -1;
static int initialised;
static int watchdog_running;
static uint64_t rng_state;
static uint64_t seed;
static unsigned change_shift;
static unsigned spurious_shift;
static int64_t low_priority = 0;
static uint64_t steps;
static uint64_t switches;
static uint64_t trace_hash = 1469598103934665603ULL;
static unsigned char trace[TRACE_CAP];
static int trace_length;
static int trace_full;
static int64_t virtual_now;
static int perturb;
static int calm;
static __thread int self = -1;

static int (*real_create)(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *);
static int (*real_join)(pthread_t, void **);
static void (*real_exit)(void *) __attribute__((noreturn));
static pid_t (*real_fork)(void);
static ssize_t (*real_write)(int, const void *, size_t);
static int (*real_mutex_lock)(pthread_mutex_t *);
static int (*real_mutex_trylock)(pthread_mutex_t *);
static int (*real_mutex_unlock)(pthread_mutex_t *);
static int (*real_sem_wait)(sem_t *);
static int (*real_sem_trywait)(sem_t *);
static int (*real_sem_timedwait)(sem_t *, const struct timespec *);
static int (*real_sem_post)(sem_t *);
static int (*real_sem_getvalue)(sem_t *, int *);
static int (*real_sem_init)(sem_t *, int, unsigned);
static int (*real_sem_destroy)(sem_t *);

/*
 * The grader's ThreadSanitizer build runs under this runtime too, so that its races are judged on a
 * seeded schedule. The program's locks, semaphores and barriers never reach TSan's interceptors then,
 * since they are modelled here, so each modelled hand-over is announced to TSan as the release and
 * acquire it is; the baton passing between threads stays invisible to it, and creates no false order.
 * Weak: in a plain build no TSan runtime is loaded and these stay NULL.
 */
extern void __tsan_acquire(void *address) __attribute__((weak));
extern void __tsan_release(void *address) __attribute__((weak));

static void announce_acquire(const void *object) {
    if (__tsan_acquire) __tsan_acquire((void *)object);
}

static void announce_release(const void *object) {
    if (__tsan_release) __tsan_release((void *)object);
}

/* ---- low level: lock, futex, randomness, output ---- */

static void lock_big(void) {
    while (__atomic_exchange_n(&big_lock, 1, __ATOMIC_ACQUIRE)) {
        while (__atomic_load_n(&big_lock, __ATOMIC_RELAXED)) syscall(SYS_sched_yield);
    }
}

static void unlock_big(void) { __atomic_store_n(&big_lock, 0, __ATOMIC_RELEASE); }

static void futex_wait(volatile uint32_t *word, uint32_t expected) {
    syscall(SYS_futex, word, FUTEX_WAIT_PRIVATE, expected, NULL, NULL, 0);
}

static void futex_wake(volatile uint32_t *word) { syscall(SYS_futex, word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0); }

static uint64_t next_random(void) {
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static int chance(unsigned shift) { return shift > 0 && (next_random() & ((1ULL << shift) - 1)) == 0; }

static void say(const char *format, ...) {
    char line[512];
    va_list args;
    va_start(args, format);
    int n = vsnprintf(line, sizeof line - 1, format, args);
    va_end(args);
    if (n < 0) return;
    if (n > (int)sizeof line - 2) n = sizeof line - 2;
    line[n] = '\n';
    /* The system call itself: this runtime's own `write` would perturb it. */
    syscall(SYS_write, 2, line, (size_t)n + 1);
}

static int64_t real_now_ns(clockid_t clock) {
    struct timespec now;
    syscall(SYS_clock_gettime, clock, &now);
    return (int64_t)now.tv_sec * 1000000000LL + now.tv_nsec;
}

static void real_sleep_ns(int64_t ns) {
    struct timespec pause = {.tv_sec = ns / 1000000000LL, .tv_nsec = ns % 1000000000LL};
    syscall(SYS_nanosleep, &pause, NULL);
}

/* Where an address lives, as "module|offset" so the grader can run addr2line on it. */
static void locate(const void *address, char *out, size_t size) {
    Dl_info info;
    if (address && dladdr(address, &info) && info.dli_fbase) {
        snprintf(out, size, "%s|0x%lx", info.dli_fname && info.dli_fname[0] ? info.dli_fname : "exe",
                 (unsigned long)((const char *)address - (const char *)info.dli_fbase));
    } else {
        snprintf(out, size, "-");
    }
}

/* ---- the model of synchronisation objects ---- */

static size_t object_slot(const void *address) {
    uintptr_t key = (uintptr_t)address;
    key ^= key >> 17;
    key *= 0xed5ad4bbU;
    return (size_t)(key % MAX_OBJECTS);
}

static struct object *find_object(const void *address) {
    size_t slot = object_slot(address);
    for (size_t probe = 0; probe < MAX_OBJECTS; probe++) {
        struct object *candidate = &objects[(slot + probe) % MAX_OBJECTS];
        if (candidate->address == address) return candidate;
        if (candidate->address == NULL) return NULL;
    }
    return NULL;
}

static struct object *object_for(const void *address, enum kind kind) {
    struct object *found = find_object(address);
    if (found) {
        if (found->kind != kind) {
            memset(found, 0, sizeof *found);
            found->address = address;
            found->kind = kind;
            found->owner = -1;
        }
        return found;
    }
    size_t slot = object_slot(address);
    for (size_t probe = 0; probe < MAX_OBJECTS; probe++) {
        struct object *candidate = &objects[(slot + probe) % MAX_OBJECTS];
        if (candidate->address == NULL) {
            memset(candidate, 0, sizeof *candidate);
            candidate->address = address;
            candidate->kind = kind;
            candidate->owner = -1;
            return candidate;
        }
    }
    say("@@pset fatal too many synchronisation objects (more than %d)", MAX_OBJECTS);
    _exit(87);
}

/* Forget an object's state; its slot stays as a tombstone so probing still works. */
static void reset_object(const void *address, enum kind kind) {
    struct object *found = find_object(address);
    if (found) {
        memset(found, 0, sizeof *found);
        found->address = address;
        found->kind = kind;
        found->owner = -1;
    }
}

/*
 * ---- lock order: which locks a thread holds as it takes another, for predicting deadlocks ----
 *
 * With PSET_SCHED_LOCKORDER set, every blocking acquisition of a mutex, spinlock or write lock while the
 * thread holds others is an edge "held -> taken", remembered with the thread and the other locks held
 * (gates: two threads that hold a common lock can never wait for each other across these edges). The
 * edges are printed at the end; the grader looks for cycles. Slots are reused by later threads, so two
 * threads can share a number: a cycle between them is missed, never invented.
 */
#define HELD_CAP 32
#define ORDER_CAP 1024
#define GATE_CAP 8

struct held_lock {
    const void *lock;
    void *caller;
};

struct order_edge {
    int thread;
    const void *first;
    const void *second;
    void *first_caller;
    void *second_caller;
    /* -1 when the thread held more locks than are kept: the grader then counts the edge as gated. */
    int gate_count;
    const void *gates[GATE_CAP];
};

static int lock_order;
static struct held_lock held[MAX_THREADS][HELD_CAP];
static int held_count[MAX_THREADS];
static int held_overflow[MAX_THREADS];
static struct order_edge order_edges[ORDER_CAP];
static int order_count;

static void record_order(int me, int first, const void *second) {
    struct order_edge edge = {.thread = me, .first = held[me][first].lock, .second = second,
                              .first_caller = held[me][first].caller, .second_caller = threads[me].caller};
    for (int i = 0; i < held_count[me] && edge.gate_count >= 0; i++) {
        if (i == first) continue;
        if (edge.gate_count == GATE_CAP) edge.gate_count = -1;
        else edge.gates[edge.gate_count++] = held[me][i].lock;
    }
    if (held_overflow[me]) edge.gate_count = -1;
    for (int i = 0; i < order_count; i++) {
        struct order_edge *seen = &order_edges[i];
        if (seen->thread == me && seen->first == edge.first && seen->second == second &&
            seen->gate_count == edge.gate_count &&
            (edge.gate_count <= 0 || memcmp(seen->gates, edge.gates, sizeof edge.gates[0] * edge.gate_count) == 0))
            return;
    }
    if (order_count < ORDER_CAP) order_edges[order_count++] = edge;
}

/* With the big lock held: `me` has taken `lock` (by a call that could block unless `try_only`). */
static void note_acquired(int me, const void *lock, int try_only) {
    if (!lock_order) return;
    int kept = 0;
    /* Forget locks the thread no longer owns: released on a path not seen here, or held by a slot's last user. */
    for (int i = 0; i < held_count[me]; i++) {
        struct object *object = find_object(held[me][i].lock);
        if (object && object->owner == me) held[me][kept++] = held[me][i];
    }
    held_count[me] = kept;
    if (kept == 0) held_overflow[me] = 0;
    if (!try_only) {
        for (int i = 0; i < kept; i++) record_order(me, i, lock);
    }
    if (kept < HELD_CAP) held[me][held_count[me]++] = (struct held_lock){.lock = lock, .caller = threads[me].caller};
    else held_overflow[me] = 1;
}

/* With the big lock held: `me` has let go of `lock`. */
static void note_released(int me, const void *lock) {
    if (!lock_order) return;
    for (int i = held_count[me] - 1; i >= 0; i--) {
        if (held[me][i].lock != lock) continue;
        memmove(&held[me][i], &held[me][i + 1], sizeof held[me][0] * (size_t)(held_count[me] - i - 1));
        held_count[me]--;
        return;
    }
}

static void print_lock_order(void) {
    if (!lock_order) return;
    for (int i = 0; i < order_count; i++) {
        const struct order_edge *edge = &order_edges[i];
        char gates[GATE_CAP * 20 + 2] = "-";
        if (edge->gate_count < 0) snprintf(gates, sizeof gates, "?");
        for (int g = 0, at = 0; g < edge->gate_count; g++)
            at += snprintf(gates + at, sizeof gates - (size_t)at, "%s%lx", g ? "," : "",
                           (unsigned long)(uintptr_t)edge->gates[g]);
        char first_at[300], second_at[300], start[300];
        locate(edge->first_caller, first_at, sizeof first_at);
        locate(edge->second_caller, second_at, sizeof second_at);
        locate((const void *)threads[edge->thread].start, start, sizeof start);
        say("@@pset order thread=%d first=%lx second=%lx gates=%s first_at=%s second_at=%s start=%s", edge->thread,
            (unsigned long)(uintptr_t)edge->first, (unsigned long)(uintptr_t)edge->second, gates, first_at,
            second_at, start);
    }
    if (order_count == ORDER_CAP) say("@@pset order-full");
}

/* ---- scheduling ---- */

static void record(int thread) {
    trace_hash = (trace_hash ^ (uint64_t)(thread + 1)) * 1099511628211ULL;
    if (trace_length < TRACE_CAP) trace[trace_length++] = (unsigned char)thread;
    else trace_full = 1;
}

static int64_t fresh_priority(void) { return 1000000 + (int64_t)(next_random() % 1000000); }

static int pick_next(void) {
    int best = -1;
    for (int i = 0; i < slots_in_use; i++) {
        if (threads[i].state == RUNNABLE && (best < 0 || threads[i].priority > threads[best].priority)) best = i;
    }
    return best;
}

static void switch_to(int next) {
    if (next != current) switches++;
    current = next;
    __atomic_add_fetch(&threads[next].wake, 1, __ATOMIC_RELEASE);
    futex_wake(&threads[next].wake);
}

/* Waits, with the big lock held, until `me` holds the baton. */
static void wait_turn(int me) {
    while (current != me) {
        uint32_t seen = __atomic_load_n(&threads[me].wake, __ATOMIC_ACQUIRE);
        unlock_big();
        futex_wait(&threads[me].wake, seen);
        lock_big();
    }
}

/* Wakes the timed waiters and sleepers whose virtual deadline comes first; false when there are none. */
static int advance_time(void) {
    int64_t earliest = INT64_MAX;
    for (int i = 0; i < slots_in_use; i++) {
        if ((threads[i].state == BLOCKED || threads[i].state == SLEEPING) && threads[i].deadline >= 0 &&
            threads[i].deadline < earliest)
            earliest = threads[i].deadline;
    }
    if (earliest == INT64_MAX) return 0;
    if (earliest > virtual_now) virtual_now = earliest;
    for (int i = 0; i < slots_in_use; i++) {
        if ((threads[i].state == BLOCKED || threads[i].state == SLEEPING) && threads[i].deadline >= 0 &&
            threads[i].deadline <= virtual_now) {
            threads[i].timed_out = threads[i].state == BLOCKED;
            threads[i].state = RUNNABLE;
            threads[i].deadline = -1;
        }
    }
    return 1;
}

static int any_in_state(enum state state) {
    for (int i = 0; i < slots_in_use; i++)
        if (threads[i].state == state) return 1;
    return 0;
}

static void report_deadlock(void) __attribute__((noreturn));

static void report_deadlock(void) {
    int blocked = 0;
    for (int i = 0; i < slots_in_use; i++) blocked += threads[i].state == BLOCKED;
    say("@@pset deadlock threads=%d", blocked);
    for (int i = 0; i < slots_in_use; i++) {
        if (threads[i].state != BLOCKED) continue;
        char caller[300], start[300];
        locate(threads[i].caller, caller, sizeof caller);
        locate((const void *)threads[i].start, start, sizeof start);
        int holder = -1;
        struct object *object = threads[i].op == OP_JOIN ? NULL : find_object(threads[i].object);
        if (object && (object->kind == K_MUTEX || object->kind == K_SPIN || object->kind == K_RWLOCK))
            holder = object->owner;
        say("@@pset blocked thread=%d op=%s holder=%d target=%d caller=%s start=%s", i, op_names[threads[i].op],
            holder, threads[i].op == OP_JOIN ? threads[i].target : -1, caller, start);
    }
    say("@@pset end seed=s1-%016llx steps=%llu switches=%llu trace=%016llx", (unsigned long long)seed,
        (unsigned long long)steps, (unsigned long long)switches, (unsigned long long)trace_hash);
    _exit(DEADLOCK_STATUS);
}

/*
 * Hands the baton to the thread that should run now, `me` (the holder) included. Returns with the big
 * lock held once `me` holds the baton again, unless `me` has finished, when it returns at once.
 */
static void reschedule(int me) {
    for (;;) {
        int next = pick_next();
        if (next >= 0) {
            record(next);
            switch_to(next);
            break;
        }
        if (advance_time()) continue;
        if (any_in_state(FREE_RUNNING)) {
            current = -1;
            break;
        }
        if (any_in_state(BLOCKED)) report_deadlock();
        current = -1;
        break;
    }
    if (threads[me].state != DONE && threads[me].state != SLOT_EMPTY) wait_turn(me);
}

/*
 * A synchronisation point: maybe a PCT change point, then whoever has the highest priority runs.
 *
 * A calm run (PSET_SCHED_CALM, for the grader's single plain and ThreadSanitizer runs of a test) keeps
 * the baton with the running thread until it blocks or reaches one of its 64 times rarer change
 * points, much as a kernel lets a thread run out its time slice. It is just as repeatable, and a
 * stress test with tens of thousands of hand-overs between a producer and a consumer does not pay a
 * thread switch for each.
 */
static void sched_point(int me) {
    steps++;
    threads[me].progress++;
    if (chance(change_shift)) {
        threads[me].priority = low_priority--;
    } else if (calm) {
        record(me);
        return;
    }
    reschedule(me);
}

static void block_on(int me, enum op op, const void *object, int64_t deadline) {
    threads[me].state = BLOCKED;
    threads[me].op = op;
    threads[me].object = object;
    threads[me].deadline = deadline;
    threads[me].timed_out = 0;
    steps++;
    reschedule(me);
    threads[me].op = OP_NONE;
    threads[me].object = NULL;
}

static void wake_all(enum op op, const void *object) {
    for (int i = 0; i < slots_in_use; i++) {
        if (threads[i].state == BLOCKED && threads[i].op == op && threads[i].object == object) {
            threads[i].state = RUNNABLE;
            threads[i].deadline = -1;
        }
    }
}

/* ---- set-up, entry and exit ---- */

static void *watchdog(void *unused);

static void load_real(void) {
    real_create = dlsym(RTLD_NEXT, "pthread_create");
    real_join = dlsym(RTLD_NEXT, "pthread_join");
    real_exit = dlsym(RTLD_NEXT, "pthread_exit");
    real_fork = dlsym(RTLD_NEXT, "fork");
    real_write = dlsym(RTLD_NEXT, "write");
    real_mutex_lock = dlsym(RTLD_NEXT, "pthread_mutex_lock");
    real_mutex_trylock = dlsym(RTLD_NEXT, "pthread_mutex_trylock");
    real_mutex_unlock = dlsym(RTLD_NEXT, "pthread_mutex_unlock");
    real_sem_wait = dlsym(RTLD_NEXT, "sem_wait");
    real_sem_trywait = dlsym(RTLD_NEXT, "sem_trywait");
    real_sem_timedwait = dlsym(RTLD_NEXT, "sem_timedwait");
    real_sem_post = dlsym(RTLD_NEXT, "sem_post");
    real_sem_getvalue = dlsym(RTLD_NEXT, "sem_getvalue");
    real_sem_init = dlsym(RTLD_NEXT, "sem_init");
    real_sem_destroy = dlsym(RTLD_NEXT, "sem_destroy");
}

static void print_summary(void) {
    print_lock_order();
    if (trace_full || getenv("PSET_SCHED_TRACE") == NULL) {
        say("@@pset end seed=s1-%016llx steps=%llu switches=%llu trace=%016llx", (unsigned long long)seed,
            (unsigned long long)steps, (unsigned long long)switches, (unsigned long long)trace_hash);
        return;
    }
    char line[TRACE_CAP + 1];
    for (int i = 0; i < trace_length; i++) line[i] = (char)('a' + trace[i] % 26);
    line[trace_length] = 0;
    say("@@pset end seed=s1-%016llx steps=%llu switches=%llu trace=%016llx schedule=%s", (unsigned long long)seed,
        (unsigned long long)steps, (unsigned long long)switches, (unsigned long long)trace_hash, line);
}

static void at_exit_summary(void) {
    if (self >= 0 || initialised) print_summary();
}

/*
 * Only one thread runs at a time, so the program loses nothing by staying on one CPU, and every
 * hand-over of the baton becomes a cheap same-CPU wake-up. `lane` picks which of the allowed CPUs,
 * so parallel batches use different ones.
 */
static void pin_to_cpu(const char *lane) {
    cpu_set_t allowed;
    if (!lane || sched_getaffinity(0, sizeof allowed, &allowed) != 0 || CPU_COUNT(&allowed) < 2) return;
    int wanted = atoi(lane) % CPU_COUNT(&allowed);
    for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) {
        if (CPU_ISSET(cpu, &allowed) && wanted-- == 0) {
            cpu_set_t one;
            CPU_ZERO(&one);
            CPU_SET(cpu, &one);
            sched_setaffinity(0, sizeof one, &one);
            return;
        }
    }
}

/* Records who the calling thread is, in slot `slot`: its handle, and its kernel id for the watchdog. */
static void identify(int slot) {
    threads[slot].handle = pthread_self();
    threads[slot].tid = (pid_t)syscall(SYS_gettid);
}

static void initialise(void) {
    if (initialised) return;
    initialised = 1;
    load_real();
    const char *text = getenv("PSET_SCHED_SEED");
    if (text && strncmp(text, "s1-", 3) == 0) seed = strtoull(text + 3, NULL, 16);
    rng_state = seed;
    change_shift = 2 + 2 * (unsigned)(next_random() % 4);
    unsigned spurious[4] = {0, 0, 3, 5};
    spurious_shift = spurious[next_random() % 4];
    calm = getenv("PSET_SCHED_CALM") != NULL;
    if (calm) change_shift += 6;
    perturb = getenv("PSET_SCHED_PERTURB") != NULL;
    lock_order = getenv("PSET_SCHED_LOCKORDER") != NULL;
    pin_to_cpu(getenv("PSET_SCHED_CPU"));
    for (int i = 0; i < MAX_THREADS; i++) threads[i].deadline = -1;
    self = 0;
    threads[0].state = RUNNABLE;
    identify(0);
    threads[0].priority = fresh_priority();
    current = 0;
    atexit(at_exit_summary);
}

__attribute__((constructor)) static void on_load(void) { initialise(); }

static int allocate_thread(void) {
    for (int i = 0; i < MAX_THREADS; i++) {
        if (threads[i].state == SLOT_EMPTY) {
            if (i >= slots_in_use) slots_in_use = i + 1;
            memset((void *)&threads[i], 0, sizeof threads[i]);
            threads[i].deadline = -1;
            threads[i].target = -1;
            return i;
        }
    }
    return -1;
}

/*
 * With the big lock held: a thread the watchdog let run freely (while it was out of the runtime)
 * queues for the baton again, or takes it when nobody holds it.
 */
static void rejoin(int me) {
    if (threads[me].state == FREE_RUNNING) {
        threads[me].state = RUNNABLE;
        if (current < 0) current = me;
        else wait_turn(me);
    }
}

/* Enters the runtime: takes the big lock and, for a thread that ran freely, waits for the baton. */
static int enter(void) {
    if (!initialised) initialise();
    lock_big();
    int me = self;
    if (me < 0) {
        me = allocate_thread();
        if (me < 0) {
            say("@@pset fatal too many threads (more than %d)", MAX_THREADS);
            _exit(87);
        }
        threads[me].state = FREE_RUNNING;
        identify(me);
        threads[me].priority = fresh_priority();
        self = me;
    }
    rejoin(me);
    threads[me].progress++;
    return me;
}

static void leave(void) { unlock_big(); }

static int thread_of(pthread_t handle) {
    for (int i = 0; i < slots_in_use; i++)
        if (threads[i].state != SLOT_EMPTY && pthread_equal(threads[i].handle, handle)) return i;
    return -1;
}

static int live_threads(void) {
    int live = 0;
    for (int i = 0; i < slots_in_use; i++)
        live += threads[i].state != SLOT_EMPTY && threads[i].state != DONE;
    return live;
}

static int64_t relative_deadline(const struct timespec *absolute, clockid_t clock) {
    if (!absolute) return -1;
    int64_t target = (int64_t)absolute->tv_sec * 1000000000LL + absolute->tv_nsec;
    int64_t remaining = target - real_now_ns(clock);
    return virtual_now + (remaining > 0 ? remaining : 0);
}

/* ---- threads ---- */

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
    self = -2;
    unlock_big();
}

static void *trampoline(void *slot) {
    int me = (int)(intptr_t)slot;
    self = me;
    lock_big();
    identify(me);
    wait_turn(me);
    unlock_big();
    void *result = threads[me].start(threads[me].arg);
    finish(me, result);
    return result;
}

int pthread_create(pthread_t *thread, const pthread_attr_t *attr, void *(*start)(void *), void *arg) {
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
    int start_watchdog = !watchdog_running;
    watchdog_running = 1;
    leave();
    if (start_watchdog) {
        pthread_t ignored;
        pthread_attr_t small;
        pthread_attr_init(&small);
        pthread_attr_setdetachstate(&small, PTHREAD_CREATE_DETACHED);
        real_create(&ignored, &small, watchdog, NULL);
        pthread_attr_destroy(&small);
    }
    int status = real_create(thread, attr, trampoline, (void *)(intptr_t)child);
    lock_big();
    rejoin(me);
    if (status != 0) {
        threads[child].state = SLOT_EMPTY;
    } else {
        threads[child].handle = *thread;
        threads[child].state = RUNNABLE;
    }
    sched_point(me);
    leave();
    return status;
}

int pthread_join(pthread_t thread, void **result) {
    int me = enter();
    threads[me].caller = __builtin_return_address(0);
    sched_point(me);
    int target = thread_of(thread);
    if (target < 0 || target == me) {
        leave();
        return target == me ? EDEADLK : real_join(thread, result);
    }
    while (threads[target].state != DONE) {
        threads[me].target = target;
        block_on(me, OP_JOIN, &threads[target], -1);
        threads[me].target = -1;
    }
    void *value = threads[target].result;
    threads[target].state = SLOT_EMPTY;
    leave();
    real_join(thread, NULL);
    if (result) *result = value;
    return 0;
}

int pthread_detach(pthread_t thread) {
    int me = enter();
    (void)me;
    int target = thread_of(thread);
    if (target >= 0) {
        if (threads[target].state == DONE) threads[target].state = SLOT_EMPTY;
        else threads[target].detached = 1;
    }
    leave();
    int (*real_detach)(pthread_t) = dlsym(RTLD_NEXT, "pthread_detach");
    return real_detach(thread);
}

void pthread_exit(void *result) {
    if (!initialised) initialise();
    if (self >= 0) finish(self, result);
    real_exit(result);
}

int sched_yield(void) {
    int me = enter();
    threads[me].priority = low_priority--;
    sched_point(me);
    leave();
    return 0;
}

pid_t fork(void) {
    int me = enter();
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
        identify(me);
        watchdog_running = 0;
        rng_state ^= 0x5bd1e995ULL;
        if (delay == 1) real_sleep_ns(200000);
    } else if (pid > 0 && delay == 2) {
        real_sleep_ns(200000);
    }
    leave();
    return pid;
}

/*
 * In a perturbed run (PSET_SCHED_PERTURB: the explored schedules) a process that hands bytes to another
 * through a pipe or a socket pauses right after, one time in two, as if it had lost the CPU there, so
 * the reader gets ahead. Output that is in order only because the writer usually runs on (a line
 * flushed after the turn is handed over) shows its race. The pauses follow the seed; what the kernel
 * does meanwhile does not, so a process run replays its pauses, not always its outcome.
 */
ssize_t write(int fd, const void *data, size_t count) {
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
        if (pause) real_sleep_ns(200000);
    }
    errno = saved;
    return written;
}

/* ---- mutexes and spinlocks ---- */

/*
 * Whether `address` lies in a shared mapping (mmap MAP_SHARED, System V or POSIX shared memory): only
 * there can another process reach an object. A process-shared mutex or semaphore anywhere else is
 * reachable by this process's threads alone -- a thread program that passes pshared=1 by habit -- so
 * it is modelled like any other. Reads /proc/self/maps with plain system calls, before any lock.
 */
static int in_shared_mapping(const void *address) {
    int fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 1;
    uintptr_t wanted = (uintptr_t)address;
    char chunk[4096], line[512];
    size_t used = 0;
    int shared = 0, found = 0;
    ssize_t got;
    while (!found && (got = read(fd, chunk, sizeof chunk)) > 0) {
        for (ssize_t i = 0; i < got && !found; i++) {
            if (chunk[i] != '\n') {
                if (used < sizeof line - 1) line[used++] = chunk[i];
                continue;
            }
            line[used] = 0;
            used = 0;
            char *end;
            uintptr_t low = strtoull(line, &end, 16);
            if (*end != '-') continue;
            uintptr_t high = strtoull(end + 1, &end, 16);
            if (wanted < low || wanted >= high || end[0] != ' ' || strlen(end) < 5) continue;
            found = 1;
            shared = end[4] == 's';
        }
    }
    close(fd);
    return found ? shared : 1;
}

static int is_passthrough(const void *address) {
    struct object *found = find_object(address);
    return found && found->passthrough;
}

int pthread_mutex_init(pthread_mutex_t *mutex, const pthread_mutexattr_t *attr) {
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
    if (object->passthrough) {
        int (*real_init)(pthread_mutex_t *, const pthread_mutexattr_t *) = dlsym(RTLD_NEXT, "pthread_mutex_init");
        return real_init(mutex, attr);
    }
    return 0;
}

int pthread_mutex_destroy(pthread_mutex_t *mutex) {
    int me = enter();
    (void)me;
    struct object *object = find_object(mutex);
    int busy = object && !object->passthrough && object->owner >= 0;
    if (object && !busy) reset_object(mutex, K_MUTEX);
    leave();
    return busy ? EBUSY : 0;
}

static int acquire_lock(int me, const void *lock, enum kind kind, enum op op, int try_only, int64_t deadline) {
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
    announce_acquire(lock);
    note_acquired(me, lock, try_only);
    return 0;
}

static int release_lock(int me, const void *lock, enum kind kind, enum op op) {
    struct object *object = object_for(lock, kind);
    if (object->owner != me && object->type == PTHREAD_MUTEX_ERRORCHECK) return EPERM;
    announce_release(lock);
    if (object->owner == me && object->type == PTHREAD_MUTEX_RECURSIVE && --object->count > 0) return 0;
    object->owner = -1;
    object->count = 0;
    note_released(me, lock);
    wake_all(op, lock);
    return 0;
}

int pthread_mutex_lock(pthread_mutex_t *mutex) {
    if (is_passthrough(mutex)) return real_mutex_lock(mutex);
    int me = enter();
    threads[me].caller = __builtin_return_address(0);
    sched_point(me);
    int status = acquire_lock(me, mutex, K_MUTEX, OP_MUTEX, 0, -1);
    leave();
    return status;
}

int pthread_mutex_trylock(pthread_mutex_t *mutex) {
    if (is_passthrough(mutex)) return real_mutex_trylock(mutex);
    int me = enter();
    threads[me].caller = __builtin_return_address(0);
    sched_point(me);
    int status = acquire_lock(me, mutex, K_MUTEX, OP_MUTEX, 1, -1);
    leave();
    return status;
}

int pthread_mutex_timedlock(pthread_mutex_t *mutex, const struct timespec *when) {
    int me = enter();
    threads[me].caller = __builtin_return_address(0);
    sched_point(me);
    int status = acquire_lock(me, mutex, K_MUTEX, OP_MUTEX, 0, relative_deadline(when, CLOCK_REALTIME));
    leave();
    return status;
}

int pthread_mutex_unlock(pthread_mutex_t *mutex) {
    if (is_passthrough(mutex)) return real_mutex_unlock(mutex);
    int me = enter();
    threads[me].caller = __builtin_return_address(0);
    int status = release_lock(me, mutex, K_MUTEX, OP_MUTEX);
    sched_point(me);
    leave();
    return status;
}

int pthread_spin_init(pthread_spinlock_t *lock, int shared) {
    (void)shared;
    int me = enter();
    (void)me;
    reset_object((const void *)lock, K_SPIN);
    leave();
    *lock = 0;
    return 0;
}

int pthread_spin_destroy(pthread_spinlock_t *lock) {
    int me = enter();
    (void)me;
    reset_object((const void *)lock, K_SPIN);
    leave();
    return 0;
}

int pthread_spin_lock(pthread_spinlock_t *lock) {
    int me = enter();
    threads[me].caller = __builtin_return_address(0);
    sched_point(me);
    int status = acquire_lock(me, (const void *)lock, K_SPIN, OP_SPIN, 0, -1);
    leave();
    return status;
}

int pthread_spin_trylock(pthread_spinlock_t *lock) {
    int me = enter();
    threads[me].caller = __builtin_return_address(0);
    sched_point(me);
    int status = acquire_lock(me, (const void *)lock, K_SPIN, OP_SPIN, 1, -1);
    leave();
    return status;
}

int pthread_spin_unlock(pthread_spinlock_t *lock) {
    int me = enter();
    int status = release_lock(me, (const void *)lock, K_SPIN, OP_SPIN);
    sched_point(me);
    leave();
    return status;
}

/* ---- read-write locks: `owner` is the writer, `readers` counts readers ---- */

int pthread_rwlock_init(pthread_rwlock_t *lock, const pthread_rwlockattr_t *attr) {
    (void)attr;
    int me = enter();
    (void)me;
    reset_object(lock, K_RWLOCK);
    object_for(lock, K_RWLOCK);
    leave();
    return 0;
}

int pthread_rwlock_destroy(pthread_rwlock_t *lock) {
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
        announce_acquire(lock);
    }
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
        announce_acquire(lock);
        note_acquired(me, lock, try_only);
    }
    leave();
    return status;
}

int pthread_rwlock_rdlock(pthread_rwlock_t *lock) { return read_lock(lock, 0, __builtin_return_address(0), -1); }

int pthread_rwlock_tryrdlock(pthread_rwlock_t *lock) { return read_lock(lock, 1, __builtin_return_address(0), -1); }

int pthread_rwlock_timedrdlock(pthread_rwlock_t *lock, const struct timespec *when) {
    return read_lock(lock, 0, __builtin_return_address(0), relative_deadline(when, CLOCK_REALTIME));
}

int pthread_rwlock_wrlock(pthread_rwlock_t *lock) { return write_lock(lock, 0, __builtin_return_address(0), -1); }

int pthread_rwlock_trywrlock(pthread_rwlock_t *lock) { return write_lock(lock, 1, __builtin_return_address(0), -1); }

int pthread_rwlock_timedwrlock(pthread_rwlock_t *lock, const struct timespec *when) {
    return write_lock(lock, 0, __builtin_return_address(0), relative_deadline(when, CLOCK_REALTIME));
}

int pthread_rwlock_unlock(pthread_rwlock_t *lock) {
    int me = enter();
    struct object *object = object_for(lock, K_RWLOCK);
    announce_release(lock);
    if (object->owner == me) {
        object->owner = -1;
        note_released(me, lock);
    } else if (object->readers > 0) {
        object->readers--;
    }
    wake_all(OP_RDLOCK, lock);
    wake_all(OP_WRLOCK, lock);
    sched_point(me);
    leave();
    return 0;
}

/* ---- condition variables ---- */

int pthread_cond_init(pthread_cond_t *cond, const pthread_condattr_t *attr) {
    (void)attr;
    int me = enter();
    (void)me;
    reset_object(cond, K_COND);
    leave();
    memset(cond, 0, sizeof *cond);
    return 0;
}

int pthread_cond_destroy(pthread_cond_t *cond) {
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
    leave();
    return timed_out ? ETIMEDOUT : 0;
}

int pthread_cond_wait(pthread_cond_t *cond, pthread_mutex_t *mutex) {
    return cond_wait(cond, mutex, -1, __builtin_return_address(0));
}

int pthread_cond_timedwait(pthread_cond_t *cond, pthread_mutex_t *mutex, const struct timespec *when) {
    return cond_wait(cond, mutex, relative_deadline(when, CLOCK_REALTIME), __builtin_return_address(0));
}

int pthread_cond_clockwait(pthread_cond_t *cond, pthread_mutex_t *mutex, clockid_t clock,
                           const struct timespec *when) {
    return cond_wait(cond, mutex, relative_deadline(when, clock), __builtin_return_address(0));
}

int pthread_cond_signal(pthread_cond_t *cond) {
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
    sched_point(me);
    leave();
    return 0;
}

int pthread_cond_broadcast(pthread_cond_t *cond) {
    int me = enter();
    threads[me].caller = __builtin_return_address(0);
    wake_all(OP_COND, cond);
    sched_point(me);
    leave();
    return 0;
}

/* ---- barriers ---- */

int pthread_barrier_init(pthread_barrier_t *barrier, const pthread_barrierattr_t *attr, unsigned count) {
    (void)attr;
    if (count == 0) return EINVAL;
    int me = enter();
    (void)me;
    reset_object(barrier, K_BARRIER);
    object_for(barrier, K_BARRIER)->needed = count;
    leave();
    return 0;
}

int pthread_barrier_destroy(pthread_barrier_t *barrier) {
    int me = enter();
    (void)me;
    reset_object(barrier, K_BARRIER);
    leave();
    return 0;
}

int pthread_barrier_wait(pthread_barrier_t *barrier) {
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

int sem_init(sem_t *sem, int shared, unsigned value) {
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

int sem_destroy(sem_t *sem) {
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
        announce_acquire(sem);
    }
    leave();
    if (status != 0) {
        errno = status;
        return -1;
    }
    return 0;
}

int sem_wait(sem_t *sem) {
    if (!modelled_sem(sem)) return real_sem_wait(sem);
    return sem_acquire(sem, 0, -1, __builtin_return_address(0));
}

int sem_trywait(sem_t *sem) {
    if (!modelled_sem(sem)) return real_sem_trywait(sem);
    return sem_acquire(sem, 1, -1, __builtin_return_address(0));
}

int sem_timedwait(sem_t *sem, const struct timespec *when) {
    if (!modelled_sem(sem)) return real_sem_timedwait(sem, when);
    return sem_acquire(sem, 0, relative_deadline(when, CLOCK_REALTIME), __builtin_return_address(0));
}

int sem_post(sem_t *sem) {
    if (!modelled_sem(sem)) return real_sem_post(sem);
    int me = enter();
    threads[me].caller = __builtin_return_address(0);
    announce_release(sem);
    object_for(sem, K_SEM)->value++;
    wake_all(OP_SEM, sem);
    sched_point(me);
    leave();
    return 0;
}

int sem_getvalue(sem_t *sem, int *value) {
    struct object *object = modelled_sem(sem);
    if (!object) return real_sem_getvalue(sem, value);
    *value = (int)object->value;
    return 0;
}

/* ---- sleeps: virtual time while several threads live, real time otherwise ---- */

static void sleep_for(int64_t ns, void *caller) {
    if (ns < 0) ns = 0;
    int me = enter();
    if (live_threads() <= 1) {
        leave();
        real_sleep_ns(ns);
        return;
    }
    threads[me].caller = caller;
    threads[me].priority = low_priority--;
    threads[me].state = SLEEPING;
    threads[me].op = OP_SLEEP;
    threads[me].deadline = virtual_now + ns;
    steps++;
    reschedule(me);
    threads[me].op = OP_NONE;
    leave();
}

int nanosleep(const struct timespec *duration, struct timespec *remaining) {
    if (!duration || duration->tv_nsec < 0 || duration->tv_nsec >= 1000000000L) {
        errno = EINVAL;
        return -1;
    }
    sleep_for((int64_t)duration->tv_sec * 1000000000LL + duration->tv_nsec, __builtin_return_address(0));
    if (remaining) remaining->tv_sec = remaining->tv_nsec = 0;
    return 0;
}

int clock_nanosleep(clockid_t clock, int flags, const struct timespec *when, struct timespec *remaining) {
    int64_t ns = (int64_t)when->tv_sec * 1000000000LL + when->tv_nsec;
    if (flags & TIMER_ABSTIME) ns -= real_now_ns(clock);
    sleep_for(ns, __builtin_return_address(0));
    if (remaining) remaining->tv_sec = remaining->tv_nsec = 0;
    return 0;
}

int usleep(useconds_t microseconds) {
    sleep_for((int64_t)microseconds * 1000, __builtin_return_address(0));
    return 0;
}

unsigned sleep(unsigned seconds) {
    sleep_for((int64_t)seconds * 1000000000LL, __builtin_return_address(0));
    return 0;
}

/* ---- the watchdog ---- */

/* The kernel's state letter for one of this process's threads: 'R' running or runnable, 'S' or 'D' asleep. */
static char kernel_state(pid_t tid) {
    char path[64], text[512];
    snprintf(path, sizeof path, "/proc/self/task/%d/stat", (int)tid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
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
    self = -3;
    int watched = -1;
    int64_t quiet = 0, cpu_seen = 0;
    uint64_t seen = 0;
    for (;;) {
        real_sleep_ns(WATCHDOG_TICK_NS);
        lock_big();
        if (!watchdog_running) {
            unlock_big();
            return NULL;
        }
        int holder = current >= 0 && threads[current].state == RUNNABLE ? current : -1;
        int64_t cpu = holder >= 0 ? thread_cpu_ns(threads[holder].handle) : 0;
        if (holder >= 0 && holder == watched && threads[holder].progress == seen) {
            quiet += kernel_state(threads[holder].tid) == 'R' ? cpu - cpu_seen : WATCHDOG_TICK_NS;
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
