/*
 * pset_sched: a controlled scheduler preloaded (LD_PRELOAD) into a submission's build.
 *
 * It serialises the program's threads -- exactly one runs at a time, holding the "baton" -- and
 * decides at every switch point which thread runs next. Switch points are the synchronisation calls
 * (pthread create/join/exit, mutexes, rwlocks, spinlocks, condition variables, barriers, semaphores,
 * sched_yield, sleeps), the moment right after a lock is taken, and, in a build instrumented for
 * exploration (pset_sched_access.c), every load and store of memory other threads can reach.
 *
 * The decisions follow PCT (Burckhardt et al., "A randomized scheduler with probabilistic guarantees of
 * finding bugs", ASPLOS 2010): every thread gets a random priority and the highest runnable one runs;
 * at d-1 change points, drawn at random among the first K steps, the running thread drops below all
 * others. A bug that needs d-1 particular preemptions is found by one schedule in about n * K^(d-1).
 * The depth d is part of the seed; K is drawn log-uniformly up to the budget of access points, since a
 * run's length is not known in advance. A signal wakes a random waiter, condition waits sometimes
 * wake spuriously, and sleeps and timed waits use virtual time. Every decision comes from one seed
 * (PSET_SCHED_SEED, or the fork server's pipe), so a seed replays its schedule exactly.
 *
 * A calm run (PSET_SCHED_CALM, the grader's single plain and ThreadSanitizer runs of a test) keeps the
 * baton with the running thread until it blocks or reaches a rare change point, much as a kernel lets
 * a thread run out its time slice: it is just as repeatable, and a stress test with tens of thousands
 * of hand-overs does not pay a thread switch for each.
 *
 * When every thread is blocked the program has deadlocked: the runtime says who waits on what and exits
 * with status 86. Everything the grader reads is on stderr, on lines starting with "@@pset ".
 */
#include "pset_sched.h"

#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

/*
 * The top four bits of a seed: the depth minus one, or, from FOCUS_BASE up, a focused run's depth plus
 * FOCUS_BASE - 2 (depth 2 to 9): its change points fall on the shared-memory accesses made holding no lock.
 */
#define DEPTH_SHIFT 60
#define FOCUS_BASE 8

/* Defined by pset_sched_access.c: a library without access points has no unlocked accesses to focus on. */
extern const int access_points_linked __attribute__((weak, visibility("hidden")));
/*
 * The next five: the bits of the run's length, as the grader measured it, or 0 when nobody has. Change
 * points fall among the first 2^k steps, k drawn uniformly from [SCALE_MIN_BITS, that many bits]
 * (BUDGET_BITS unmeasured): early windows, with every thread still alive, weigh as much as late ones.
 */
#define SCALE_SHIFT 55
#define SCALE_MIN_BITS 3
#define SCALE_MAX_BITS 24

static const char *const op_names[] = {
    "running", "pthread_mutex_lock", "pthread_cond_wait", "pthread_rwlock_rdlock", "pthread_rwlock_wrlock",
    "pthread_spin_lock", "sem_wait", "pthread_join", "pthread_barrier_wait", "sleep", "pthread_once",
};

struct thread threads[MAX_THREADS];
/* One past the highest slot ever used, so that the scans at every step stop where the threads end. */
int slots_in_use = 1;
volatile int current = -1;
int initialised;
int watchdog_running;
int calm;
int perturb;
int exploring;
uint64_t steps;
uint64_t unlocked_steps;
int focused;
uint64_t access_steps;
uint64_t next_change_step = UINT64_MAX;
int64_t virtual_now;
int64_t low_priority = 0;
unsigned spurious_shift;
PSET_TLS struct local local = {.self = -1, .to_wake = -1};

static volatile int big_lock;
static uint64_t rng_state;
static uint64_t seed;
static unsigned change_shift;
static unsigned depth;
/* The run's change points in the order they come, each with the priority it gives (PCT's k_i and i). */
static struct {
    uint64_t step;
    int64_t priority;
} changes[MAX_DEPTH];
static unsigned changes_taken;
/* The priority the change point just reached gives. */
static int64_t change_priority;
static uint64_t switches;
static uint64_t trace_hash = 1469598103934665603ULL;
static unsigned char trace[TRACE_CAP];
static int trace_length;
static int trace_full;

int (*real_create)(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *);
int (*real_join)(pthread_t, void **);
int (*real_detach)(pthread_t);
void (*real_exit)(void *) __attribute__((noreturn));
pid_t (*real_fork)(void);
ssize_t (*real_write)(int, const void *, size_t);
int (*real_mutex_init)(pthread_mutex_t *, const pthread_mutexattr_t *);
int (*real_mutex_lock)(pthread_mutex_t *);
int (*real_mutex_trylock)(pthread_mutex_t *);
int (*real_mutex_unlock)(pthread_mutex_t *);
int (*real_once)(pthread_once_t *, void (*)(void));
int (*real_sem_wait)(sem_t *);
int (*real_sem_trywait)(sem_t *);
int (*real_sem_timedwait)(sem_t *, const struct timespec *);
int (*real_sem_post)(sem_t *);
int (*real_sem_getvalue)(sem_t *, int *);
int (*real_sem_init)(sem_t *, int, unsigned);
int (*real_sem_destroy)(sem_t *);

/*
 * The grader's ThreadSanitizer build runs under this runtime too, so that its races are judged on a
 * seeded schedule. The program's locks, semaphores and barriers never reach TSan's interceptors then,
 * since they are modelled here, so each modelled hand-over is announced to TSan as the release and
 * acquire it is; the baton passing between threads stays invisible to it, and creates no false order.
 * Weak: in a plain build no TSan runtime is loaded and these stay NULL.
 */
extern void __tsan_acquire(void *address) __attribute__((weak));
extern void __tsan_release(void *address) __attribute__((weak));

void announce_acquire(const void *object) {
    if (__tsan_acquire) __tsan_acquire((void *)object);
}

void announce_release(const void *object) {
    if (__tsan_release) __tsan_release((void *)object);
}

/* ---- low level: lock, futex, randomness, output ---- */

/* Marks the thread as inside the runtime before it spins, so a signal handler's access point stays out. */
void lock_big(void) {
    local.in_runtime = 1;
    while (__atomic_exchange_n(&big_lock, 1, __ATOMIC_ACQUIRE)) {
        while (__atomic_load_n(&big_lock, __ATOMIC_RELAXED)) syscall(SYS_sched_yield);
    }
}

static void futex_wake(volatile uint32_t *word) { syscall(SYS_futex, word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0); }

/*
 * Lets go of the big lock, then wakes the thread the baton went to: woken first, on the one CPU they
 * share, it would only find the lock still taken and yield straight back.
 */
void unlock_big(void) {
    __atomic_store_n(&big_lock, 0, __ATOMIC_RELEASE);
    if (local.to_wake >= 0) {
        futex_wake(&threads[local.to_wake].wake);
        local.to_wake = -1;
    }
    local.in_runtime = 0;
}

/* Waits for `word` to change from `expected`, for at most `ns` if that is positive; false when time ran out. */
static int futex_wait(volatile uint32_t *word, uint32_t expected, long ns) {
    struct timespec limit = {.tv_sec = ns / 1000000000L, .tv_nsec = ns % 1000000000L};
    return syscall(SYS_futex, word, FUTEX_WAIT_PRIVATE, expected, ns > 0 ? &limit : NULL, NULL, 0) == 0 ||
           errno != ETIMEDOUT;
}

uint64_t next_random(void) {
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* A forked child's decisions: a stream of their own, so parent and child do not mirror each other. */
void diverge_random(void) { rng_state ^= 0x5bd1e995ULL; }

int chance(unsigned shift) { return shift > 0 && (next_random() & ((1ULL << shift) - 1)) == 0; }

void say(const char *format, ...) {
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

int64_t real_now_ns(clockid_t clock) {
    struct timespec now;
    syscall(SYS_clock_gettime, clock, &now);
    return (int64_t)now.tv_sec * 1000000000LL + now.tv_nsec;
}

void real_sleep_ns(int64_t ns) {
    struct timespec pause = {.tv_sec = ns / 1000000000LL, .tv_nsec = ns % 1000000000LL};
    syscall(SYS_nanosleep, &pause, NULL);
}

/* Where an address lives, as "module|offset" so the grader can run addr2line on it. */
void locate(const void *address, char *out, size_t size) {
    Dl_info info;
    if (address && dladdr(address, &info) && info.dli_fbase) {
        snprintf(out, size, "%s|0x%lx", info.dli_fname && info.dli_fname[0] ? info.dli_fname : "exe",
                 (unsigned long)((const char *)address - (const char *)info.dli_fbase));
    } else {
        snprintf(out, size, "-");
    }
}

/* ---- scheduling ---- */

static void record(int thread) {
    trace_hash = (trace_hash ^ (uint64_t)(thread + 1)) * 1099511628211ULL;
    if (trace_length < TRACE_CAP) trace[trace_length++] = (unsigned char)thread;
    else trace_full = 1;
}

int64_t fresh_priority(void) { return 1000000 + (int64_t)(next_random() % 1000000); }

int pick_next(void) {
    int best = -1;
    for (int i = 0; i < slots_in_use; i++) {
        if (threads[i].state == RUNNABLE && (best < 0 || threads[i].priority > threads[best].priority)) best = i;
    }
    return best;
}

void switch_to(int next) {
    if (next == current) return;
    switches++;
    threads[next].spin_used = 0;
    threads[next].spin_repeats = 0;
    threads[next].failed_tries = 0;
    current = next;
    if (fibers_on) return;
    __atomic_add_fetch(&threads[next].wake, 1, __ATOMIC_RELEASE);
    local.to_wake = next;
}

/*
 * Waits, with the big lock held, until `me` holds the baton; a wait that lasts starts the watchdog. The thread's
 * errno is as it was: a futex wait that times out or finds the word changed is no error of the program's.
 */
void wait_turn(int me) {
    if (fibers_on) {
        while (current != me) fiber_switch(me, current);
        return;
    }
    int error = errno;
    while (current != me) {
        uint32_t seen = __atomic_load_n(&threads[me].wake, __ATOMIC_ACQUIRE);
        long limit = watchdog_running ? 0 : WATCHDOG_TICK_NS;
        unlock_big();
        local.in_runtime = 1;
        int woken = futex_wait(&threads[me].wake, seen, limit);
        if (!woken) start_watchdog();
        lock_big();
    }
    errno = error;
}

/* Wakes the timed waiters and sleepers whose virtual deadline has passed. */
void wake_due(void) {
    for (int i = 0; i < slots_in_use; i++) {
        if ((threads[i].state == BLOCKED || threads[i].state == SLEEPING) && threads[i].deadline >= 0 &&
            threads[i].deadline <= virtual_now) {
            threads[i].timed_out = threads[i].state == BLOCKED;
            threads[i].state = RUNNABLE;
            threads[i].deadline = -1;
        }
    }
}

/* Wakes the timed waiters and sleepers whose virtual deadline comes first; false when there are none. */
int advance_time(void) {
    int64_t earliest = INT64_MAX;
    for (int i = 0; i < slots_in_use; i++) {
        if ((threads[i].state == BLOCKED || threads[i].state == SLEEPING) && threads[i].deadline >= 0 &&
            threads[i].deadline < earliest)
            earliest = threads[i].deadline;
    }
    if (earliest == INT64_MAX) return 0;
    if (earliest > virtual_now) virtual_now = earliest;
    wake_due();
    return 1;
}

int any_in_state(enum state state) {
    for (int i = 0; i < slots_in_use; i++)
        if (threads[i].state == state) return 1;
    return 0;
}

static void say_end(const char *schedule) {
    say("@@pset end seed=s1-%016llx steps=%llu unlocked=%llu switches=%llu trace=%016llx depth=%u changes=%u%s%s",
        (unsigned long long)seed, (unsigned long long)steps, (unsigned long long)unlocked_steps,
        (unsigned long long)switches,
        (unsigned long long)trace_hash, depth, changes_taken, schedule ? " schedule=" : "", schedule ? schedule : "");
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
    say_end(NULL);
    trace_dump();
    _exit(DEADLOCK_STATUS);
}

/*
 * Hands the baton to the thread that should run now, `me` (the holder) included. Returns with the big
 * lock held once `me` holds the baton again, unless `me` has finished, when it returns at once.
 */
void reschedule(int me) {
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

/* Whether the step just taken is one of the run's change points; takes every one that falls on it. */
int at_change_step(void) {
    uint64_t clock = change_clock();
    if (clock < next_change_step) return 0;
    while (changes_taken + 1 < depth && changes[changes_taken].step <= clock)
        change_priority = changes[changes_taken++].priority;
    next_change_step = changes_taken + 1 < depth ? changes[changes_taken].step : UINT64_MAX;
    return 1;
}

/*
 * PCT's change point: the running thread drops below every thread that has not reached one yet. The
 * i-th of the d-1 points drawn gives priority i, and they are drawn in no order, so which of two threads
 * preempted in turn ends above the other is as random as the rest.
 */
void change_point(int me) {
    threads[me].priority = change_priority;
    reschedule(me);
}

/* A switch point: maybe a change point, then whoever has the highest priority runs. */
void sched_point(int me) {
    steps++;
    threads[me].progress++;
    progress_total++;
    if (calm) {
        if (chance(change_shift)) {
            threads[me].priority = low_priority--;
        } else {
            record(me);
            return;
        }
    } else if (at_change_step()) {
        change_point(me);
        return;
    }
    reschedule(me);
}

/* Right after a lock is taken: the moment another thread finds it busy, which an exploring run must reach. */
void acquired_point(int me) {
    if (!calm) sched_point(me);
}

/*
 * The thread gives way (sched_yield, tries that keep failing, a spin): it goes below every other thread, and
 * when it is still the only one that can run, time passes until a sleeper wakes, as it would while it
 * spun. Without this a spinning thread of the highest priority would starve the one it waits for.
 */
void yield_point(int me) {
    steps++;
    threads[me].progress++;
    progress_total++;
    threads[me].priority = low_priority--;
    if (pick_next() == me) advance_time();
    reschedule(me);
}

/*
 * After a trylock or sem_trywait: a switch point once taken. Failing over and over with nobody else
 * running is spinning on it, and gives way; one failure alone does not, so a program that drops its
 * update whenever the lock is busy goes on dropping them while the holder is preempted.
 */
void tried_point(int me, int taken) {
    if (taken) {
        threads[me].failed_tries = 0;
        acquired_point(me);
    } else if (++threads[me].failed_tries >= SPIN_REPEATS) {
        threads[me].failed_tries = 0;
        yield_point(me);
    }
}

void block_on(int me, enum op op, const void *object, int64_t deadline) {
    threads[me].state = BLOCKED;
    threads[me].op = op;
    threads[me].object = object;
    threads[me].deadline = deadline;
    threads[me].timed_out = 0;
    if (__builtin_expect(tracing, 0)) trace_blocked(me, op, object);
    steps++;
    reschedule(me);
    threads[me].op = OP_NONE;
    threads[me].object = NULL;
}

void wake_all(enum op op, const void *object) {
    for (int i = 0; i < slots_in_use; i++) {
        if (threads[i].state == BLOCKED && threads[i].op == op && threads[i].object == object) {
            threads[i].state = RUNNABLE;
            threads[i].deadline = -1;
        }
    }
}

/* ---- set-up, entry and exit ---- */

static void load_real(void) {
    real_create = dlsym(RTLD_NEXT, "pthread_create");
    real_join = dlsym(RTLD_NEXT, "pthread_join");
    real_detach = dlsym(RTLD_NEXT, "pthread_detach");
    real_exit = dlsym(RTLD_NEXT, "pthread_exit");
    real_fork = dlsym(RTLD_NEXT, "fork");
    real_write = dlsym(RTLD_NEXT, "write");
    real_mutex_init = dlsym(RTLD_NEXT, "pthread_mutex_init");
    real_mutex_lock = dlsym(RTLD_NEXT, "pthread_mutex_lock");
    real_mutex_trylock = dlsym(RTLD_NEXT, "pthread_mutex_trylock");
    real_mutex_unlock = dlsym(RTLD_NEXT, "pthread_mutex_unlock");
    real_once = dlsym(RTLD_NEXT, "pthread_once");
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
        say_end(NULL);
        return;
    }
    char line[TRACE_CAP + 1];
    for (int i = 0; i < trace_length; i++) line[i] = (char)('a' + trace[i] % 26);
    line[trace_length] = 0;
    say_end(line);
}

static void at_exit_summary(void) {
    if (local.self >= 0 || initialised) print_summary();
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

/*
 * Records who the calling thread is, in slot `slot`: its handle, its kernel id for the watchdog, and its
 * stack. A thread started by pthread_create has its descriptor at the top of its stack block, its
 * stack below; the main thread's stack is the mapping that holds it, down to the stack size limit. No
 * memory is allocated here (pthread_getattr_np would), so the program's heap, and whatever garbage it
 * reads from it, is the same in every run.
 */
void identify(int slot) {
    threads[slot].handle = pthread_self();
    threads[slot].tid = (pid_t)syscall(SYS_gettid);
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    if (threads[slot].stack_size > 0) {
        local.stack_high = ((uintptr_t)pthread_self() + page) & ~(page - 1);
        local.stack_low = local.stack_high - threads[slot].stack_size;
        return;
    }
    char here;
    uintptr_t low, high;
    int shared;
    struct rlimit limit;
    if (!find_mapping(&here, &low, &high, &shared)) return;
    local.stack_high = high;
    local.stack_low = getrlimit(RLIMIT_STACK, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY &&
                              limit.rlim_cur < high
                          ? high - limit.rlim_cur
                          : low;
}

/* The schedule `chosen` stands for: PCT's depth and change points, and the rarer choices of a calm run. */
static void configure(uint64_t chosen) {
    seed = chosen;
    rng_state = seed;
    change_shift = 2 + 2 * (unsigned)(next_random() % 4);
    unsigned spurious[4] = {0, 0, 3, 5};
    spurious_shift = spurious[next_random() % 4];
    if (calm) change_shift += 6;
    exploring = !calm;
    if (!exploring) return;
    unsigned raw = (unsigned)(seed >> DEPTH_SHIFT);
    focused = raw >= FOCUS_BASE && &access_points_linked != NULL;
    depth = raw >= FOCUS_BASE ? raw - (FOCUS_BASE - 2) : raw + 1;
    unsigned length_bits = (unsigned)(seed >> SCALE_SHIFT) & 31;
    if (length_bits == 0) length_bits = BUDGET_BITS;
    if (length_bits < SCALE_MIN_BITS) length_bits = SCALE_MIN_BITS;
    if (length_bits > SCALE_MAX_BITS) length_bits = SCALE_MAX_BITS;
    unsigned scale = SCALE_MIN_BITS + (unsigned)(next_random() % (length_bits - SCALE_MIN_BITS + 1));
    for (unsigned i = 0; i + 1 < depth; i++) {
        changes[i].step = 1 + next_random() % (1ULL << scale);
        changes[i].priority = (int64_t)i + 1;
    }
    for (unsigned i = 1; i + 1 < depth; i++) {
        for (unsigned j = i; j > 0 && changes[j - 1].step > changes[j].step; j--) {
            __typeof__(changes[0]) swap = changes[j];
            changes[j] = changes[j - 1];
            changes[j - 1] = swap;
        }
    }
    next_change_step = depth > 1 ? changes[0].step : UINT64_MAX;
}

void initialise(void) {
    if (initialised) return;
    initialised = 1;
    load_real();
    trace_setup();
    uint64_t chosen = 0;
    const char *text = getenv("PSET_SCHED_SEED");
    if (text && strncmp(text, "s1-", 3) == 0) chosen = strtoull(text + 3, NULL, 16);
    calm = getenv("PSET_SCHED_CALM") != NULL;
    perturb = getenv("PSET_SCHED_PERTURB") != NULL;
    lock_order = getenv("PSET_SCHED_LOCKORDER") != NULL;
    pin_to_cpu(getenv("PSET_SCHED_CPU"));
    threads[0].deadline = -1;
    local.self = 0;
    identify(0);
    fibers_decide();
    /* Everything above is the same for every schedule, so a fork server does it once. */
    if (fork_server_requested()) chosen = serve_forks();
    configure(chosen);
    threads[0].state = RUNNABLE;
    threads[0].tid = (pid_t)syscall(SYS_gettid);
    threads[0].priority = fresh_priority();
    current = 0;
    atexit(at_exit_summary);
}

__attribute__((constructor)) static void on_load(void) { initialise(); }

int allocate_thread(void) {
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
void rejoin(int me) {
    if (threads[me].state == FREE_RUNNING) {
        threads[me].state = RUNNABLE;
        if (current < 0) current = me;
        else wait_turn(me);
    }
}

/* Enters the runtime: takes the big lock and, for a thread that ran freely, waits for the baton. */
int enter(void) {
    if (!initialised) initialise();
    lock_big();
    int me = local.self;
    if (me < 0) {
        me = allocate_thread();
        if (me < 0) {
            say("@@pset fatal too many threads (more than %d)", MAX_THREADS);
            _exit(FATAL_STATUS);
        }
        threads[me].state = FREE_RUNNING;
        identify(me);
        threads[me].priority = fresh_priority();
        local.self = me;
    }
    rejoin(me);
    threads[me].progress++;
    progress_total++;
    return me;
}

void leave(void) { unlock_big(); }

int thread_of(pthread_t handle) {
    for (int i = 0; i < slots_in_use; i++)
        if (threads[i].state != SLOT_EMPTY && pthread_equal(threads[i].handle, handle)) return i;
    return -1;
}

int live_threads(void) {
    int live = 0;
    for (int i = 0; i < slots_in_use; i++)
        live += threads[i].state != SLOT_EMPTY && threads[i].state != DONE;
    return live;
}
