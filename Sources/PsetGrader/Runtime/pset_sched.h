/*
 * pset_sched: a controlled scheduler preloaded (LD_PRELOAD) into a submission's build. The state and
 * the internal interfaces its files share; each file is one concern:
 *
 *   pset_sched.c            the scheduler: the baton, PCT decisions, blocking, deadlocks, set-up
 *   pset_sched_objects.c    the table of modelled synchronisation objects, and where memory lives
 *   pset_sched_threads.c    pthread create/join/detach/exit, pthread_once, sched_yield
 *   pset_sched_mutex.c      mutexes, spinlocks, read-write locks
 *   pset_sched_cond.c       condition variables and barriers
 *   pset_sched_sem.c        unnamed semaphores
 *   pset_sched_time.c       sleeps and timed waits, in virtual time
 *   pset_sched_process.c    fork and the perturbed writes of process tasks
 *   pset_sched_watchdog.c   handing the baton on from a thread stuck outside the runtime
 *   pset_sched_forkserver.c many schedules from one exec: fork at main per seed (pset_forkserver.h)
 *   pset_sched_fibers.c     (under the fork server, explored runs) threads as fibers on one kernel thread
 *   pset_sched_access.c     (explored builds only) switch points at shared-memory loads and stores
 *   pset_sched_trace.c      the last steps of a replayed schedule, kept only when the grader asks
 *
 * Everything is hidden but the functions the program calls (PSET_EXPORT), so a program's own `enter`
 * or `say` never meets the runtime's.
 */
#ifndef PSET_SCHED_H
#define PSET_SCHED_H

#define _GNU_SOURCE
#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#define PSET_EXPORT __attribute__((visibility("default")))
/* The runtime is loaded with the program, never by dlopen, so its thread-locals can live in static TLS. */
#define PSET_TLS __thread __attribute__((tls_model("initial-exec")))

/* In a function standing in for the C library's `name`: `real_name`, the C library's, found on first use. */
#define REAL(name)                                                                                                    \
    static __typeof__(name) *real_##name;                                                                             \
    if (!real_##name) real_##name = dlsym(RTLD_NEXT, #name)

/* Defines `name` to do `first`, then to be the C library's `name`. */
#define STANDS_IN(first, result, name, parameters, arguments)                                                         \
    PSET_EXPORT result name parameters {                                                                              \
        first;                                                                                                        \
        REAL(name);                                                                                                   \
        return real_##name arguments;                                                                                 \
    }

#define MAX_THREADS 512
#define MAX_OBJECTS 8192
#define MAX_DEPTH 16
#define TRACE_CAP 8192
#define DEADLOCK_STATUS 86
#define FINISHED (-2)
#define FATAL_STATUS 87
#define SPIN_WINDOW 4
#define WATCHDOG_TICK_NS 5000000L
/* How many ticks without progress make a thread stuck: for the watchdog, and for a fiber run's fork server. */
#define WATCHDOG_TICKS 20
#define SPIN_REPEATS 32
/* The budget of access points a run counts as steps: 2^BUDGET_BITS. */
#define BUDGET_BITS 16

enum state { SLOT_EMPTY, RUNNABLE, BLOCKED, SLEEPING, FREE_RUNNING, DONE };

enum op { OP_NONE, OP_MUTEX, OP_COND, OP_RDLOCK, OP_WRLOCK, OP_SPIN, OP_SEM, OP_JOIN, OP_BARRIER, OP_SLEEP, OP_ONCE };

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
    /* The size of its stack, when it was created through pthread_create. */
    size_t stack_size;
    /* The shared locations (and values) this thread has only read since it last wrote or was switched
     * to: reading them over and over without anyone else running is spinning. */
    const void *spin_address[SPIN_WINDOW];
    uint64_t spin_value[SPIN_WINDOW];
    int spin_used;
    unsigned spin_repeats;
    /* Attempts to take a busy lock or semaphore since the thread last took one or was switched to. */
    unsigned failed_tries;
    /* The locks it holds (mutexes, spinlocks, either side of a read-write lock), as far as they are modelled. */
    int held;
};

enum kind { K_NONE, K_MUTEX, K_COND, K_RWLOCK, K_SPIN, K_SEM, K_BARRIER, K_ONCE };

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

/* What the calling thread is to the runtime. */
struct local {
    /* Its slot in `threads`: -1 unknown yet, -2 finished (a kernel thread unwinding in pthread_exit), -3 the
     * watchdog. */
    int self;
    /* Inside the runtime (the big lock held): an access point from a signal handler must not re-enter. */
    int in_runtime;
    /* Its own stack, whose accesses are never switch points: no other thread is meant to reach them. */
    uintptr_t stack_low, stack_high;
    /* A fiber's thread-locals (errno), the kernel thread's, which a kernel thread keeps in its stack block. */
    uintptr_t tls_low, tls_high;
    /* The thread it handed the baton to, woken once it lets go of the big lock. */
    int to_wake;
    /* How deep it is in the program's instrumented functions (explored builds): a sleep there is the program's. */
    int instrumented;
};

extern struct thread threads[MAX_THREADS];
extern int slots_in_use;
extern volatile int current;
extern int initialised;
extern int watchdog_running;
extern int calm;
extern int perturb;
extern int exploring;
extern uint64_t access_steps;
extern uint64_t next_change_step;
extern uint64_t steps;
extern uint64_t unlocked_steps;
extern int focused;
extern int64_t virtual_now;
extern int64_t low_priority;
extern unsigned spurious_shift;
extern PSET_TLS struct local local;

extern int (*real_create)(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *);
extern int (*real_join)(pthread_t, void **);
extern int (*real_detach)(pthread_t);
extern void (*real_exit)(void *) __attribute__((noreturn));
extern pid_t (*real_fork)(void);
extern ssize_t (*real_write)(int, const void *, size_t);
extern int (*real_mutex_init)(pthread_mutex_t *, const pthread_mutexattr_t *);
extern int (*real_mutex_lock)(pthread_mutex_t *);
extern int (*real_mutex_trylock)(pthread_mutex_t *);
extern int (*real_mutex_unlock)(pthread_mutex_t *);
extern int (*real_once)(pthread_once_t *, void (*)(void));
extern int (*real_sem_wait)(sem_t *);
extern int (*real_sem_trywait)(sem_t *);
extern int (*real_sem_timedwait)(sem_t *, const struct timespec *);
extern int (*real_sem_post)(sem_t *);
extern int (*real_sem_getvalue)(sem_t *, int *);
extern int (*real_sem_init)(sem_t *, int, unsigned);
extern int (*real_sem_destroy)(sem_t *);

/* pset_sched.c: low level */
void lock_big(void);
void unlock_big(void);
uint64_t next_random(void);
void diverge_random(void);
int chance(unsigned shift);
void say(const char *format, ...) __attribute__((format(printf, 1, 2)));
int64_t real_now_ns(clockid_t clock);
void real_sleep_ns(int64_t ns);
void locate(const void *address, char *out, size_t size);
void announce_acquire(const void *object);
void announce_release(const void *object);

/*
 * The clock change points are drawn on: every step, or in a focused run only the shared-memory accesses made
 * holding no lock, where a race late in a long run of locked work hides among thousands of steps.
 */
static inline uint64_t change_clock(void) { return focused ? unlocked_steps : steps; }

/* pset_sched.c: scheduling */
int64_t fresh_priority(void);
int pick_next(void);
void switch_to(int next);
void wait_turn(int me);
void wake_due(void);
int advance_time(void);
void reschedule(int me);
void sched_point(int me);
void acquired_point(int me);
void yield_point(int me);
void tried_point(int me, int taken);
int at_change_step(void);
void change_point(int me);
void block_on(int me, enum op op, const void *object, int64_t deadline);
void wake_all(enum op op, const void *object);
int any_in_state(enum state state);

/* pset_sched.c: set-up, entry and exit */
void initialise(void);
void identify(int slot);
int allocate_thread(void);
void rejoin(int me);
int enter(void);
void leave(void);
int thread_of(pthread_t handle);
int live_threads(void);

/* pset_sched_objects.c */
/* A mapping of this process, as /proc/self/maps gives it. */
struct mapping {
    uintptr_t low, high;
    /* "rw-p" and the like. */
    char perms[4];
    /* Whether it has a path or a name, such as "[stack]". */
    int named;
    int stack, heap;
};
int each_mapping(int (*visit)(const struct mapping *, void *), void *context);
struct object *find_object(const void *address);
struct object *object_for(const void *address, enum kind kind);
void reset_object(const void *address, enum kind kind);
int find_mapping(const void *address, uintptr_t *low, uintptr_t *high, int *shared);
int in_shared_mapping(const void *address);
int is_passthrough(const void *address);

/* pset_sched_mutex.c: the lock model the condition variables share */
int acquire_lock(int me, const void *lock, enum kind kind, enum op op, int try_only, int64_t deadline);
int release_lock(int me, const void *lock, enum kind kind, enum op op);

/* pset_sched_lockorder.c: with the big lock held */
extern int lock_order;
void note_acquired(int me, const void *lock, int try_only);
void note_released(int me, const void *lock);
void print_lock_order(void);

/* pset_sched_time.c */
int64_t relative_deadline(const struct timespec *absolute, clockid_t clock);

/* pset_sched_watchdog.c */
void start_watchdog(void);
char kernel_state(const char *stat_path);

/* pset_sched_trace.c: what each thread did last, for the grader to tell a failing schedule as a story.
 * Off unless the grader asks (PSET_SCHED_EVENTS), so every hook costs one predictable branch. */
enum trace_kind {
    EV_READ, EV_WRITE, EV_UPDATE, EV_LOCK, EV_RDLOCK, EV_UNLOCK, EV_BLOCK, EV_SIGNAL, EV_BROADCAST, EV_SEM_WAIT,
    EV_SEM_POST, EV_CREATE, EV_JOIN,
};
extern int tracing;
void trace_setup(void);
void trace_record(int me, enum trace_kind kind, const void *pc, const void *address, unsigned size, uint64_t value,
                  int other);
void trace_blocked(int me, enum op op, const void *object);
void trace_dump(void);

/* A synchronisation step of `me`, at the call it is in (`threads[me].caller`). */
static inline void trace_sync(int me, enum trace_kind kind, const void *object, int other) {
    if (__builtin_expect(tracing, 0)) trace_record(me, kind, threads[me].caller, object, 0, 0, other);
}

/* pset_sched_fibers.c: fibers_on is set once, in the fork server; progress_total counts every thread's
 * progress, for the server to read from a schedule's memory. */
extern int fibers_on;
extern volatile uint64_t progress_total;
void fibers_decide(void);
void fibers_in_schedule(void);
void fibers_after_fork(void);
void fiber_fallback(const char *why) __attribute__((noreturn));
int fiber_create(int slot, const pthread_attr_t *attr, void (*entry)(void), pthread_t *handle);
void fiber_begin(int me);
void fiber_switch(int me, int next);
void fiber_exit(int me) __attribute__((noreturn));
void fiber_reap(int slot);
void unmap_fiber_stacks(void);
int fiber_watch(pid_t child, int pidfd, int report, uint64_t nonce, int *lives);

/* pset_sched_reuse.c: a schedule's process put back for the next schedule, unless it did what cannot be undone */
/* What the fork server sends a reused process for each schedule. */
struct schedule_order {
    uint64_t seed;
    /* Random, to be sent back with the report of the schedule's end. */
    uint64_t nonce;
    /* PSET_HARNESS_STATUS's value (pset_harness_entry.c), which the process keeps nowhere between schedules. */
    char harness_status[8];
};
uint64_t reused_schedules(int seeds, int report);
void reuse_forgo(const char *why);
void reuse_note_signal(int signal);
/* The C library's, for the runtime's own mappings, which a reused process accounts for itself. */
void *runtime_mmap(void *address, size_t length, int protection, int flags, int fd, off_t offset);
int runtime_munmap(void *address, size_t length);
int runtime_mprotect(void *address, size_t length, int protection);

/* pset_sched_forkserver.c: returns, in a fresh child process, the seed that child is to follow */
int fork_server_requested(void);
/* Writes (`writing`) or reads all `length` bytes on a pipe of the fork server's: 1, or 0 when it could not. */
int transfer(int fd, void *data, size_t length, int writing);
uint64_t serve_forks(void);

#endif
