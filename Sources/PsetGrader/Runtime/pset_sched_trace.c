/*
 * The last steps of a replayed schedule, for the grader to tell a failing schedule as a story: which
 * thread read or wrote what (and the value), took, released or waited on which lock, at which call.
 *
 * Only a run the grader starts for that purpose records anything (PSET_SCHED_EVENTS names the file to
 * write); every other run pays one predictable branch per hook. Recording never draws a random number
 * nor counts a step, so the traced run follows its seed exactly as the run that failed did.
 *
 * Steps are kept per run of one thread (from a switch to the next): its first TRACE_HEAD and last
 * TRACE_TAIL steps, each numbered so that what came between is counted, for the last TRACE_RUNS runs. A lost update happens at a
 * switch, usually long before the failure shows, so it is the switches that are kept, not the last steps;
 * and a write over a value another thread changed since this one read it (the lost update itself) keeps
 * its run, its thread's previous run and the overwritten writer's aside, however many switches follow.
 *
 * The file is the runtime's alone, as ThreadSanitizer's log_path is: its directory is fresh and cannot be
 * listed, its path is scrubbed from the environment (and from /proc/self/environ) before main, and it is
 * opened, exclusively, only when the run ends: the program's standard error, where it could forge lines,
 * is never read for it.
 */
#include "pset_sched.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define TRACE_RUNS 64
#define TRACE_HEAD 4
#define TRACE_TAIL 6
/* Runs kept for a lost update, so that later switches cannot push it out. */
#define TRACE_SAVED 3
#define TRACE_READS 4
#define TRACE_WRITERS 1024
#define TRACE_PATH_CAP 512

struct trace_event {
    /* Its place among every step recorded, from 1: what lies between two steps kept is counted, not kept. */
    uint64_t sequence;
    const void *pc;
    const void *address;
    uint64_t value;
    /* A write over another thread's update: what this thread had read, and what it overwrote. */
    uint64_t read_before;
    uint64_t overwritten;
    int16_t thread;
    /* Who wrote what was overwritten, -1 unknown; -2 when this write overwrote nobody's update. */
    int16_t writer;
    uint8_t kind;
    /* Bytes of `value` that are known, 0 when none are. */
    uint8_t size;
    /* A blocked thread's operation and the lock's holder; the thread created or joined; a semaphore's value. */
    int32_t other;
};

struct trace_run {
    uint64_t number;
    int thread;
    uint64_t count;
    struct trace_event head[TRACE_HEAD];
    struct trace_event tail[TRACE_TAIL];
};

static const char *const kind_names[] = {
    "read", "write", "update", "lock", "rdlock", "unlock", "block", "signal", "broadcast", "semwait", "sempost",
    "create", "join",
};

int tracing;
static char path[TRACE_PATH_CAP];
static struct trace_run runs[TRACE_RUNS];
static uint64_t runs_started;
static uint64_t recorded;
/* The run of the last lost update (its number, 0 for none), and the runs up to it once it is over. */
static uint64_t lost_run;
static int lost_writer;
static struct trace_run saved[TRACE_SAVED];
static int saved_count;
/* The last write recorded: its value is read once the store it precedes has happened. */
static struct trace_event *pending;
static int dumped;
/* What each thread last read where, and who last wrote where: enough to see a write over a stale read. */
static struct {
    const void *address;
    uint64_t value;
} reads[MAX_THREADS][TRACE_READS];
static unsigned reads_next[MAX_THREADS];
static struct {
    const void *address;
    int thread;
} writers[TRACE_WRITERS];

/* Whether the page holding `address` is mapped, so that reading it cannot fault. */
static int mapped(const void *address) {
    uintptr_t page = (uintptr_t)address & ~(uintptr_t)4095;
    unsigned char residency;
    return syscall(SYS_mincore, (void *)page, (size_t)1, &residency) == 0;
}

static uint64_t load(const void *address, unsigned size) {
    uint64_t value = 0;
    __builtin_memcpy(&value, address, size);
    return value;
}

static void resolve_pending(void) {
    if (!pending) return;
    if (pending->size > 0 && mapped(pending->address)) pending->value = load(pending->address, pending->size);
    else pending->size = 0;
    pending = NULL;
}

static unsigned writer_slot(const void *address) {
    return (unsigned)(((uintptr_t)address >> 3) * 0x9e3779b1u >> 7) % TRACE_WRITERS;
}

/* Before a write's store: whether `me` read the location last with another value than it holds now. */
static void note_write(int me, struct trace_event *event) {
    event->writer = -2;
    for (int i = 0; i < TRACE_READS; i++) {
        if (reads[me][i].address != event->address) continue;
        reads[me][i].address = NULL;
        uint64_t now = load(event->address, event->size);
        if (now == reads[me][i].value) break;
        unsigned slot = writer_slot(event->address);
        event->writer = writers[slot].address == event->address ? (int16_t)writers[slot].thread : -1;
        event->read_before = reads[me][i].value;
        event->overwritten = now;
        lost_run = runs_started;
        lost_writer = event->writer;
        break;
    }
    unsigned slot = writer_slot(event->address);
    writers[slot].address = event->address;
    writers[slot].thread = me;
}

static void note_read(int me, const void *address, uint64_t value) {
    for (int i = 0; i < TRACE_READS; i++) {
        if (reads[me][i].address == address) {
            reads[me][i].value = value;
            return;
        }
    }
    unsigned i = reads_next[me]++ % TRACE_READS;
    reads[me][i].address = address;
    reads[me][i].value = value;
}

/*
 * A new run begins. When the run of a lost update has just ended, it is kept aside with what explains it: the
 * last earlier run of the same thread (its stale read) and of the writer it overwrote (that one's update).
 */
/* The number of the last run before `before` (within the ring) that `thread` ran, 0 when there is none. */
static uint64_t last_run_of(int thread, uint64_t before) {
    uint64_t oldest = runs_started > TRACE_RUNS ? runs_started - TRACE_RUNS + 1 : 1;
    for (uint64_t number = before - 1; number >= oldest && number > 0; number--)
        if (runs[(number - 1) % TRACE_RUNS].thread == thread) return number;
    return 0;
}

static struct trace_run *start_run(int me) {
    if (lost_run != 0 && lost_run == runs_started) {
        const struct trace_run *lost = &runs[(lost_run - 1) % TRACE_RUNS];
        uint64_t read = last_run_of(lost->thread, lost_run);
        uint64_t update = lost_writer >= 0 ? last_run_of(lost_writer, lost_run) : lost_run - 1;
        uint64_t first = read < update ? read : update, second = read < update ? update : read;
        saved_count = 0;
        if (first > 0 && first != second) saved[saved_count++] = runs[(first - 1) % TRACE_RUNS];
        if (second > 0) saved[saved_count++] = runs[(second - 1) % TRACE_RUNS];
        saved[saved_count++] = *lost;
    }
    struct trace_run *run = &runs[runs_started++ % TRACE_RUNS];
    run->number = runs_started;
    run->thread = me;
    run->count = 0;
    return run;
}

void trace_record(int me, enum trace_kind kind, const void *pc, const void *address, unsigned size, uint64_t value,
                  int other) {
    resolve_pending();
    struct trace_run *run = &runs[(runs_started + TRACE_RUNS - 1) % TRACE_RUNS];
    if (runs_started == 0 || run->thread != me) run = start_run(me);
    struct trace_event *slot =
        run->count < TRACE_HEAD ? &run->head[run->count] : &run->tail[(run->count - TRACE_HEAD) % TRACE_TAIL];
    run->count++;
    *slot = (struct trace_event){.sequence = ++recorded, .pc = pc, .address = address, .value = value, .thread = (int16_t)me,
                                 .writer = -2, .kind = (uint8_t)kind, .size = (uint8_t)(size <= 8 ? size : 0),
                                 .other = other};
    if (slot->size == 0) return;
    if (kind == EV_READ) note_read(me, address, value);
    if (kind == EV_WRITE) {
        note_write(me, slot);
        pending = slot;
    }
}

void trace_blocked(int me, enum op op, const void *object) {
    int holder = -1;
    struct object *found = op == OP_JOIN ? NULL : find_object(object);
    if (found && (found->kind == K_MUTEX || found->kind == K_SPIN || found->kind == K_RWLOCK)) holder = found->owner;
    trace_record(me, EV_BLOCK, threads[me].caller, op == OP_JOIN ? NULL : object, 0, 0,
                 (int)op << 16 | (holder + 1));
}

static int dladdr_known(const void *address) {
    Dl_info info;
    return dladdr(address, &info) && info.dli_fbase;
}

static size_t append(size_t used, size_t cap, int n) {
    return n < 0 || (size_t)n >= cap - used ? used : used + (size_t)n;
}

static size_t append_event(char *out, size_t used, size_t cap, const struct trace_event *event) {
    char pc[300], address[300];
    locate(event->pc, pc, sizeof pc);
    /* Memory outside the program's files (the heap) by its bare address: the grader only tells places apart. */
    if (event->address && !dladdr_known(event->address)) snprintf(address, sizeof address, "%p", event->address);
    else locate(event->address, address, sizeof address);
    return append(used, cap,
                  snprintf(out + used, cap - used, "@@event %llu %s %d %s %s %u %llx %d %d %llx %llx\n",
                           (unsigned long long)event->sequence, kind_names[event->kind], event->thread, pc, address, event->size,
                           (unsigned long long)event->value, event->other, event->writer,
                           (unsigned long long)event->read_before, (unsigned long long)event->overwritten));
}

/* A run's first and last steps. */
static size_t append_run(char *out, size_t used, size_t cap, const struct trace_run *run) {
    uint64_t kept_tail = run->count > TRACE_HEAD ? run->count - TRACE_HEAD : 0;
    if (kept_tail > TRACE_TAIL) kept_tail = TRACE_TAIL;
    used = append(used, cap,
                  snprintf(out + used, cap - used, "@@run %d %llu\n", run->thread, (unsigned long long)run->number));
    for (uint64_t i = 0; i < run->count && i < TRACE_HEAD; i++) used = append_event(out, used, cap, &run->head[i]);
    for (uint64_t i = run->count - kept_tail; i < run->count; i++)
        used = append_event(out, used, cap, &run->tail[(i - TRACE_HEAD) % TRACE_TAIL]);
    return used;
}

/* Writes the runs kept, oldest first, to the grader's file; once, however the run ends. */
void trace_dump(void) {
    if (!tracing || dumped) return;
    dumped = 1;
    resolve_pending();
    static char out[1 << 17];
    size_t used = 0, cap = sizeof out;
    uint64_t first = runs_started > TRACE_RUNS ? runs_started - TRACE_RUNS : 0;
    for (int i = 0; i < saved_count; i++)
        if (saved[i].number <= first) used = append_run(out, used, cap, &saved[i]);
    for (uint64_t r = first; r < runs_started; r++) used = append_run(out, used, cap, &runs[r % TRACE_RUNS]);
    int fd = (int)syscall(SYS_openat, AT_FDCWD, path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return;
    for (size_t done = 0; done < used;) {
        long written = syscall(SYS_write, fd, out + done, used - done);
        if (written <= 0) break;
        done += (size_t)written;
    }
    syscall(SYS_close, fd);
}

/* A crash or a failed assertion: the steps that led to it, then the signal's own end. */
static void on_fatal_signal(int signal) {
    trace_dump();
    syscall(SYS_tgkill, getpid(), (pid_t)syscall(SYS_gettid), signal);
}

static void at_exit_dump(void) { trace_dump(); }

/* Before main, and before a fork server forks: reads and scrubs PSET_SCHED_EVENTS, and arms the dumps. */
void trace_setup(void) {
    char *given = getenv("PSET_SCHED_EVENTS");
    if (!given) return;
    size_t length = strlen(given);
    if (length > 0 && length < sizeof path) {
        memcpy(path, given, length + 1);
        tracing = 1;
    }
    /* Zero the value where the kernel keeps it too (/proc/self/environ), then drop the variable. */
    volatile char *bytes = given;
    for (size_t i = 0; i < length; i++) bytes[i] = '\0';
    unsetenv("PSET_SCHED_EVENTS");
    if (!tracing) return;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_fatal_signal;
    action.sa_flags = SA_RESETHAND | SA_NODEFER;
    int fatal[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
    for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++) sigaction(fatal[i], &action, NULL);
    atexit(at_exit_dump);
}
