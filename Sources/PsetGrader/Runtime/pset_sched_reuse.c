/*
 * Reused processes: under the fork server, a schedule run as fibers that ends by exit() gives its process back
 * for the next schedule, put back exactly as it was before its first one, instead of ending it and forking
 * another. A fresh process per schedule costs a fork, an exit and the page faults of a process that touches
 * its pages again, most of a small schedule's cost on this kind of machine; putting one back costs a copy of
 * the few pages that held data before main and a look at what the schedule changed.
 *
 * The child the server forks takes a snapshot, before its first seed, of every private writable mapping (a
 * copy of each page that holds data, kept read-only; pages of zeros are only noted), and of the kernel state a
 * program can change and a fresh process would not have. When a schedule ends by exit(), its last exit handler
 * (registered before any of the program's, so the program's and the runtime's summary have run) flushes the
 * streams and checks what the schedule changed; when everything can be put back, it puts it back on a stack of
 * its own: mappings the schedule made are unmapped, the break set back, the signal dispositions it changed,
 * the mask, the umask, the working directory and the descriptors put back, then the memory. Then it reports the
 * exit status to the server with the server's random number for this schedule, and returns to where the
 * snapshot was taken, to read the next seed. The schedule's process thus starts every schedule in the state of
 * a freshly forked one.
 *
 * What it cannot put back ends the process as exit() would, and the server forks a fresh one: a schedule that
 * ends any other way (a signal, _exit, the runtime's deadlock report, a fiber fallback); that leaves a child, a
 * pending signal or a thread of the C library's own (asynchronous I/O); that starts a process; that changes a
 * mapping it did not make (mprotect, munmap) or a descriptor this process keeps; or that calls what changes
 * kernel state not tracked here: limits, timers and alarms, the session or process group, prctl, an alternate
 * signal stack, affinity and scheduling, the identity, the root, or the same through syscall().
 *
 * What a program can tell: its process id, its resource usage (CPU time, peak memory, page faults) and the
 * descriptors kept here stay from one schedule to the next. What it can defeat, and gains nothing by: the
 * report is the program's to write, with the number it can read from this memory, so a program can report a
 * schedule as it could have ended it, exit(0) included; and system calls made with instructions of its own are
 * not seen. Both are ways for a program to lie about itself, which it can do without them.
 */
#include "pset_sched.h"

#include "pset_forkserver.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_AREAS 128
#define MAX_LEFTOVERS 64
/* Pages looked at per mincore call: the vector lives in the keeper. */
#define RESIDENCY_CHUNK 4096
#define KEEPER_STACK (32 * 1024)
/* Beyond these, a fresh process per schedule is the cheaper way. */
#define MAX_STORED_BYTES ((size_t)8 << 20)
#define MAX_WRITABLE_BYTES ((size_t)512 << 20)
/* The slots of that much anonymous memory, a word a page. */
#define MAX_SLOT_BYTES (MAX_WRITABLE_BYTES / 4096 * sizeof(uint32_t))

/* The descriptors the schedule's process keeps across schedules, just below KEPT_BELOW or the top of its range,
 * out of the way of the program's: the pipes to the server, the working directory, /proc/self/task and
 * /proc/self/statm (read at every schedule's end), then copies of standard input, output and error.
 * Not higher, as the kernel's table of descriptors, and the time to close a range of them, grows with the
 * highest one open. */
#define KEPT_BELOW 128
enum { KEPT_SEEDS, KEPT_REPORT, KEPT_CWD, KEPT_TASKS, KEPT_SIZE, KEPT_STDIN, KEPT_COUNT = KEPT_STDIN + 3 };

/* A mapping in the snapshot. */
struct area {
    struct mapping mapping;
    /* Private and writable: its contents are put back, whole for a file's mapping (its data), page by page for
     * anonymous memory (the heap, the stack, zero-filled data). */
    int restored, whole;
    /* Where its copy starts among the files' copies when whole, else its first page's slot. */
    size_t first;
};

/* What survives a schedule: its own mapping, which the snapshot leaves out. */
struct keeper {
    /* Where the snapshot was taken, for __builtin_longjmp. */
    void *resume[5];
    int first_kept;
    /* The pipes to the server. */
    int seeds, report;
    /* What the kept descriptors are, so that one the program closed or replaced is never put back. */
    dev_t kept_devices[KEPT_COUNT];
    ino_t kept_inodes[KEPT_COUNT];
    uint64_t nonce;
    int status;
    /* Why this process cannot be put back after the schedule under way, or NULL. */
    const char *forgone;
    /* Set when the snapshot could not be taken: no schedule is put back. */
    int no_snapshot;
    uint64_t touched_signals;
    struct sigaction actions[_NSIG];
    sigset_t mask;
    mode_t umask;
    uintptr_t brk;
    /* The pages mapped in all, as /proc/self/statm gives it. */
    long mapped_pages;
    /* Set when the schedule mapped, unmapped or changed a mapping through the C library or syscall(). */
    int mappings_changed;
    int (*real_sigaction)(int, const struct sigaction *, struct sigaction *);
    /* Where PSET_HARNESS_STATUS's value is in the environment, and its length: zeroed between schedules. */
    char *harness_status;
    size_t harness_status_length;
    size_t area_count;
    struct area areas[MAX_AREAS];
    /* Counted while the snapshot is taken. */
    size_t stored_pages;
    /* The copies of the files' mappings; the anonymous pages that held data, and each page's slot: 0 for a page of
     * zeros, else 1 + its page there. */
    char *files, *pages;
    uint32_t *slots;
    /* Found at the end of a schedule: what it mapped, and how far the stack grew. */
    uintptr_t leftovers[MAX_LEFTOVERS][2];
    size_t leftover_count;
    uintptr_t stack_grown_from, stack_low;
    /* The stack a schedule's memory is put back from, which is not part of it. */
    uintptr_t keeper_stack_top;
    unsigned char residency[RESIDENCY_CHUNK];
    char stack[KEEPER_STACK] __attribute__((aligned(16)));
};

static struct keeper *keeper;
static size_t page_size;
/*
 * The keeper's own mapping: a guard page, the keeper, room for the store and the slots (reserved, only what is
 * used is ever touched), a guard page. The guards keep the kernel from merging it with a mapping of the
 * program's, so it is always found whole.
 */
static uintptr_t kept_low, kept_high;

static size_t round_to_pages(size_t bytes) { return (bytes + page_size - 1) & ~(page_size - 1); }

static int is_zero(const char *page) {
    const uint64_t *words = (const uint64_t *)page;
    for (size_t i = 0; i < page_size / sizeof *words; i++)
        if (words[i]) return 0;
    return 1;
}

/* Whether `mapping` overlaps the keeper's own: 1 when it lies inside, -1 when it reaches beyond, else 0. */
static int kept_mapping(const struct mapping *mapping) {
    if (mapping->high <= kept_low || mapping->low >= kept_high) return 0;
    return mapping->low >= kept_low && mapping->high <= kept_high ? 1 : -1;
}

/* The pages this process has mapped in all (/proc/self/statm's first field), or -1. */
static long mapped_pages(void) {
    char text[128];
    ssize_t got = pread(keeper->first_kept + KEPT_SIZE, text, sizeof text - 1, 0);
    if (got <= 0) return -1;
    text[got] = 0;
    return strtol(text, NULL, 10);
}

/* ---- the snapshot ---- */

static int note_area(const struct mapping *mapping, void *context) {
    (void)context;
    int kept = kept_mapping(mapping);
    if (kept) return kept < 0;
    if (keeper->area_count == MAX_AREAS) return 1;
    /* Memory shared with another process keeps its changes whatever this one does. */
    if (mapping->perms[1] == 'w' && mapping->perms[3] == 's') return 1;
    struct area *area = &keeper->areas[keeper->area_count++];
    area->mapping = *mapping;
    area->restored = mapping->perms[0] == 'r' && mapping->perms[1] == 'w' && mapping->perms[3] == 'p';
    area->whole = mapping->named && !mapping->stack && !mapping->heap;
    return 0;
}

/* Calls `visit(page, resident)` for each page of [low, high), resident as mincore says (1 when it cannot). */
static void each_page(uintptr_t low, uintptr_t high, void (*visit)(char *page, int resident, size_t index),
                      size_t first) {
    size_t index = first;
    for (uintptr_t chunk = low; chunk < high; chunk += RESIDENCY_CHUNK * page_size) {
        uintptr_t end = chunk + RESIDENCY_CHUNK * page_size < high ? chunk + RESIDENCY_CHUNK * page_size : high;
        size_t pages = (end - chunk) / page_size;
        int known = mincore((void *)chunk, end - chunk, keeper->residency) == 0;
        for (size_t i = 0; i < pages; i++) visit((char *)chunk + i * page_size, !known || (keeper->residency[i] & 1),
                                                  index++);
    }
}

static void count_page(char *page, int resident, size_t index) {
    (void)index;
    if (resident && !is_zero(page)) keeper->stored_pages++;
}

static void store_page(char *page, int resident, size_t index) {
    keeper->slots[index] = 0;
    if (!resident || is_zero(page)) return;
    memcpy(keeper->pages + keeper->stored_pages * page_size, page, page_size);
    keeper->slots[index] = (uint32_t)++keeper->stored_pages;
}

/* Takes the snapshot: 1 when this process can be put back after a schedule. */
static int take_snapshot(void) {
    keeper->area_count = 0;
    if (each_mapping(note_area, NULL) != 0) return 0;
    size_t file_bytes = 0, anonymous_pages = 0, writable = 0;
    keeper->stored_pages = 0;
    for (size_t i = 0; i < keeper->area_count; i++) {
        struct area *area = &keeper->areas[i];
        if (!area->restored) continue;
        size_t length = area->mapping.high - area->mapping.low;
        writable += length;
        if (writable > MAX_WRITABLE_BYTES) return 0;
        if (area->whole) {
            area->first = file_bytes;
            file_bytes += length;
        } else {
            area->first = anonymous_pages;
            anonymous_pages += length / page_size;
            each_page(area->mapping.low, area->mapping.high, count_page, 0);
        }
    }
    size_t stored_bytes = file_bytes + keeper->stored_pages * page_size;
    if (stored_bytes > MAX_STORED_BYTES) return 0;
    keeper->files = (char *)keeper + round_to_pages(sizeof *keeper);
    keeper->pages = keeper->files + file_bytes;
    keeper->slots = (uint32_t *)(keeper->files + MAX_STORED_BYTES);
    keeper->stored_pages = 0;
    for (size_t i = 0; i < keeper->area_count; i++) {
        struct area *area = &keeper->areas[i];
        if (!area->restored) continue;
        if (area->whole)
            memcpy(keeper->files + area->first, (void *)area->mapping.low, area->mapping.high - area->mapping.low);
        else
            each_page(area->mapping.low, area->mapping.high, store_page, area->first);
        if (area->mapping.stack) keeper->stack_low = area->mapping.low;
    }
    /* Nothing writes the copies again: a program that finds them cannot change what the next schedule gets
     * without a mapping change of its own. */
    size_t copied = round_to_pages((size_t)(keeper->pages - keeper->files) + keeper->stored_pages * page_size);
    if (copied > 0 && mprotect(keeper->files, copied, PROT_READ) != 0) return 0;
    if (mprotect(keeper->slots, round_to_pages(anonymous_pages * sizeof(uint32_t)), PROT_READ) != 0)
        return 0;
    keeper->brk = (uintptr_t)syscall(SYS_brk, 0);
    keeper->mapped_pages = mapped_pages();
    keeper->umask = (mode_t)syscall(SYS_umask, 022);
    syscall(SYS_umask, keeper->umask);
    for (int signal = 1; signal < _NSIG; signal++) keeper->real_sigaction(signal, NULL, &keeper->actions[signal]);
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, NULL, &keeper->mask, _NSIG / 8);
    return 1;
}

/* ---- at the end of a schedule: what it changed, and whether all of it can be put back ---- */

/* Whether the kept descriptors are still what they were, and `remember` makes them so. */
static int kept_descriptors_hold(int remember) {
    for (int i = 0; i < KEPT_COUNT; i++) {
        struct stat info;
        if (fstat(keeper->first_kept + i, &info) != 0) return 0;
        if (remember) {
            keeper->kept_devices[i] = info.st_dev;
            keeper->kept_inodes[i] = info.st_ino;
        } else if (info.st_dev != keeper->kept_devices[i] || info.st_ino != keeper->kept_inodes[i]) {
            return 0;
        }
    }
    return 1;
}

/*
 * Whether this process has one thread: the C library starts threads of its own, without pthread_create (for
 * asynchronous I/O, notifications by thread), which would outlive the schedule on stacks it unmaps.
 */
static int one_thread(void) {
    int tasks = keeper->first_kept + KEPT_TASKS;
    char entries[1024];
    if (lseek(tasks, 0, SEEK_SET) != 0) return 0;
    long got = syscall(SYS_getdents64, tasks, entries, sizeof entries);
    int count = 0;
    for (long at = 0; at < got; count++) at += *(unsigned short *)(entries + at + 16);
    /* ".", ".." and the one thread. */
    return got > 0 && count == 3;
}

struct comparison {
    size_t next_area;
    int failed;
};

static void leave_over(uintptr_t low, uintptr_t high, struct comparison *comparison) {
    if (low >= high) return;
    if (keeper->leftover_count == MAX_LEFTOVERS) {
        comparison->failed = 1;
        return;
    }
    keeper->leftovers[keeper->leftover_count][0] = low;
    keeper->leftovers[keeper->leftover_count][1] = high;
    keeper->leftover_count++;
}

static int same_kind(const struct mapping *now, const struct mapping *then) {
    return memcmp(now->perms, then->perms, sizeof now->perms) == 0 && now->named == then->named &&
           now->stack == then->stack && now->heap == then->heap;
}

/*
 * Compares a mapping as it is now with the snapshot's, both in address order: one that holds the snapshot's
 * mappings whole (the kernel merges neighbours alike) leaves the rest over, to be unmapped; one that cuts one
 * of them, or changed it, fails. The heap is the break's, set back already.
 */
static int compare_mapping(const struct mapping *now, void *context) {
    struct comparison *comparison = context;
    int kept = kept_mapping(now);
    if (kept) {
        comparison->failed |= kept < 0;
        return comparison->failed;
    }
    if (now->heap) {
        for (size_t i = 0; i < keeper->area_count; i++) {
            if (keeper->areas[i].mapping.heap) comparison->failed |= keeper->areas[i].mapping.low != now->low;
        }
        return comparison->failed;
    }
    uintptr_t cursor = now->low;
    while (comparison->next_area < keeper->area_count) {
        const struct mapping *then = &keeper->areas[comparison->next_area].mapping;
        if (then->heap) {
            comparison->next_area++;
            continue;
        }
        if (then->low >= now->high) break;
        if (then->stack && now->stack && then->high == now->high && now->low <= then->low &&
            same_kind(now, then)) {
            keeper->stack_grown_from = now->low;
            cursor = now->high;
            comparison->next_area++;
            break;
        }
        if (then->low < now->low || then->high > now->high || !same_kind(now, then)) {
            comparison->failed = 1;
            return 1;
        }
        leave_over(cursor, then->low, comparison);
        cursor = then->high;
        comparison->next_area++;
    }
    leave_over(cursor, now->high, comparison);
    return comparison->failed;
}

/*
 * Compares the mappings with the snapshot's and finds what the schedule mapped: 1 when all of the snapshot's are
 * there as they were. The cheap way first: the fibers' stacks unmapped and the break set back, a schedule that
 * made no mapping change of its own through the C library or syscall() and maps as many pages as the snapshot
 * changed nothing (what the C library maps for itself, a large block malloc'ed, a grown stack, changes the
 * count and takes the long way).
 */
static int mappings_put_back(void) {
    unmap_fiber_stacks();
    if ((uintptr_t)syscall(SYS_brk, keeper->brk) != keeper->brk) return 0;
    keeper->leftover_count = 0;
    keeper->stack_grown_from = keeper->stack_low;
    if (!keeper->mappings_changed && mapped_pages() == keeper->mapped_pages) return 1;
    struct comparison comparison = {0};
    if (each_mapping(compare_mapping, &comparison) != 0 || comparison.failed) return 0;
    while (comparison.next_area < keeper->area_count && keeper->areas[comparison.next_area].mapping.heap)
        comparison.next_area++;
    if (comparison.next_area != keeper->area_count) return 0;
    for (size_t i = 0; i < keeper->leftover_count; i++)
        munmap((void *)keeper->leftovers[i][0], keeper->leftovers[i][1] - keeper->leftovers[i][0]);
    if (keeper->stack_grown_from < keeper->stack_low)
        madvise((void *)keeper->stack_grown_from, keeper->stack_low - keeper->stack_grown_from, MADV_DONTNEED);
    return 1;
}

/* Whether the process can be put back as it was before its first schedule, as far as its mappings go. */
static int can_put_back(void) {
    if (keeper->forgone || keeper->no_snapshot) return 0;
    sigset_t pending;
    if (sigpending(&pending) != 0 || !sigisemptyset(&pending)) return 0;
    siginfo_t child = {0};
    if (waitid(P_ALL, 0, &child, WEXITED | WNOHANG | WNOWAIT) == 0 || errno != ECHILD) return 0;
    return one_thread() && kept_descriptors_hold(0);
}

/* ---- putting it back ---- */

static void put_page_back(char *page, int resident, size_t index) {
    uint32_t slot = keeper->slots[index];
    if (slot) memcpy(page, keeper->pages + (size_t)(slot - 1) * page_size, page_size);
    else if (resident && !is_zero(page)) memset(page, 0, page_size);
}

/*
 * On the keeper's stack, once the schedule's exit handlers have run and its streams are flushed: undoes the schedule
 * and returns to the snapshot, for the next seed. What cannot be undone ends the process with the schedule's
 * status, which is all exit() had left to do.
 */
static void put_back(void) __attribute__((noreturn));
static void put_back(void) {
    int status = keeper->status;
    if (!can_put_back() || !mappings_put_back()) _exit(status);
    for (int signal = 1; signal < _NSIG; signal++) {
        if (keeper->touched_signals & (1ULL << (signal - 1)))
            keeper->real_sigaction(signal, &keeper->actions[signal], NULL);
    }
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, &keeper->mask, NULL, _NSIG / 8);
    syscall(SYS_umask, keeper->umask);
    int first = keeper->first_kept;
    if (syscall(SYS_fchdir, first + KEPT_CWD) != 0) _exit(status);
    for (int fd = 0; fd < 3; fd++) {
        if (dup2(first + KEPT_STDIN + fd, fd) != fd) _exit(status);
    }
    if (syscall(SYS_close_range, 3U, (unsigned)first - 1, 0U) != 0 ||
        syscall(SYS_close_range, (unsigned)(first + KEPT_COUNT), ~0U, 0U) != 0)
        _exit(status);
    /* The memory last, as a system call that fails would change errno. */
    for (size_t i = 0; i < keeper->area_count; i++) {
        struct area *area = &keeper->areas[i];
        if (!area->restored) continue;
        if (area->whole)
            memcpy((void *)area->mapping.low, keeper->files + area->first, area->mapping.high - area->mapping.low);
        else
            each_page(area->mapping.low, area->mapping.high, put_page_back, area->first);
    }
    uint64_t report[2] = {keeper->nonce, (uint64_t)(status & 0xff)};
    if (!transfer(keeper->report, report, sizeof report, 1)) _exit(status);
    /* A passing schedule's status is the harness's secret: nothing of it stays here for the next schedule (the
     * keeper's stack, where this frame held it, is cleared once back on the program's). */
    keeper->status = 0;
    explicit_bzero(report, sizeof report);
    __builtin_longjmp(keeper->resume, 1);
}

/* The last exit handler of a schedule: puts the process back when it can; otherwise exit goes on. */
static void schedule_ended(int status, void *unused) {
    (void)unused;
    if (!keeper || keeper->forgone || keeper->no_snapshot) return;
    fflush(NULL);
    keeper->status = status;
    __asm__ volatile("movq %0, %%rsp\n\t"
                     "call *%1\n\t"
                     "ud2"
                     :
                     : "r"(keeper->keeper_stack_top), "r"(put_back)
                     : "memory");
    __builtin_unreachable();
}

/* Moves `fd` to `target` (close-on-exec), closing it: 1 when it could. */
static int move_descriptor(int fd, int target) {
    if (fd == target) return fcntl(fd, F_SETFD, FD_CLOEXEC) == 0;
    if (dup3(fd, target, O_CLOEXEC) != target) return 0;
    close(fd);
    return 1;
}

/*
 * In the schedule's process the server forked, instead of returning its seed: sets up the keeper, takes the
 * snapshot, and returns the seed of each schedule it runs, read from `seeds`; `report` takes their ends. Where
 * the keeper cannot be set up, the process runs the one seed it reads, and ends as a fresh one would.
 */
uint64_t reused_schedules(int seeds, int report) {
    page_size = (size_t)sysconf(_SC_PAGESIZE);
    size_t body = round_to_pages(sizeof *keeper) + MAX_STORED_BYTES + MAX_SLOT_BYTES;
    char *kept = mmap(NULL, body + 2 * page_size, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (kept != MAP_FAILED &&
        (mprotect(kept, page_size, PROT_NONE) != 0 || mprotect(kept + page_size + body, page_size, PROT_NONE) != 0)) {
        munmap(kept, body + 2 * page_size);
        kept = MAP_FAILED;
    }
    if (kept == MAP_FAILED) {
        struct schedule_order order;
        if (!transfer(seeds, &order, sizeof order, 0)) _exit(0);
        explicit_bzero(order.harness_status, sizeof order.harness_status);
        close(seeds);
        close(report);
        return order.seed;
    }
    kept_low = (uintptr_t)kept;
    kept_high = kept_low + body + 2 * page_size;
    keeper = (struct keeper *)(kept + page_size);
    keeper->seeds = seeds;
    keeper->report = report;
    keeper->keeper_stack_top = ((uintptr_t)keeper->stack + KEEPER_STACK) & ~(uintptr_t)15;
    keeper->real_sigaction = dlsym(RTLD_NEXT, "sigaction");
    struct rlimit files;
    int first = getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur >= 64
                    ? (int)(files.rlim_cur > KEPT_BELOW ? KEPT_BELOW : files.rlim_cur) - KEPT_COUNT
                    : -1;
    keeper->first_kept = first;
    int ready = first > 0 && keeper->real_sigaction;
    if (ready && (ready = move_descriptor(seeds, first + KEPT_SEEDS))) keeper->seeds = first + KEPT_SEEDS;
    if (ready && (ready = move_descriptor(report, first + KEPT_REPORT))) keeper->report = first + KEPT_REPORT;
    for (int fd = 0; fd < 3; fd++)
        ready = ready && fcntl(fd, F_DUPFD_CLOEXEC, first + KEPT_STDIN + fd) == first + KEPT_STDIN + fd;
    const struct {
        const char *path;
        int flags, slot;
    } opened[] = {
        {".", O_PATH | O_DIRECTORY, KEPT_CWD},
        {"/proc/self/task", O_RDONLY | O_DIRECTORY, KEPT_TASKS},
        {"/proc/self/statm", O_RDONLY, KEPT_SIZE},
    };
    for (size_t i = 0; ready && i < sizeof opened / sizeof opened[0]; i++) {
        int fd = open(opened[i].path, opened[i].flags | O_CLOEXEC);
        ready = fd >= 0 && move_descriptor(fd, first + opened[i].slot);
    }
    ready = ready && kept_descriptors_hold(1);
    /* The harness's status stays out of the snapshot, where the program could find it after the harness scrubbed
     * the environment: each schedule gets it from the server, for the harness to read and scrub again. */
    keeper->harness_status = getenv("PSET_HARNESS_STATUS");
    if (keeper->harness_status) {
        keeper->harness_status_length = strlen(keeper->harness_status);
        explicit_bzero(keeper->harness_status, keeper->harness_status_length);
    }
    if (__builtin_setjmp(keeper->resume) == 0) keeper->no_snapshot = !ready || !take_snapshot();
    else explicit_bzero(keeper->stack, sizeof keeper->stack);
    /* Every schedule of this process starts here, in the state of the snapshot. */
    struct schedule_order order;
    if (!transfer(keeper->seeds, &order, sizeof order, 0)) _exit(0);
    size_t digits = strnlen(order.harness_status, sizeof order.harness_status);
    if (keeper->harness_status)
        memcpy(keeper->harness_status, order.harness_status,
               digits < keeper->harness_status_length ? digits : keeper->harness_status_length);
    explicit_bzero(order.harness_status, sizeof order.harness_status);
    keeper->nonce = order.nonce;
    keeper->forgone = NULL;
    keeper->touched_signals = 0;
    keeper->mappings_changed = 0;
    if (keeper->no_snapshot) {
        close(keeper->seeds);
        close(keeper->report);
    } else {
        on_exit(schedule_ended, NULL);
    }
    return order.seed;
}

/* ---- what this process cannot put back ---- */

void reuse_forgo(const char *why) {
    if (keeper && !keeper->forgone) keeper->forgone = why;
}

void reuse_note_signal(int signal) {
    if (keeper && signal > 0 && signal < _NSIG) keeper->touched_signals |= 1ULL << (signal - 1);
}

static void note_mappings(void) {
    if (keeper) keeper->mappings_changed = 1;
}

void *runtime_mmap(void *address, size_t length, int protection, int flags, int fd, off_t offset) {
    REAL(mmap);
    return real_mmap(address, length, protection, flags, fd, offset);
}

int runtime_munmap(void *address, size_t length) {
    REAL(munmap);
    return real_munmap(address, length);
}

int runtime_mprotect(void *address, size_t length, int protection) {
    REAL(mprotect);
    return real_mprotect(address, length, protection);
}

/* Defines `name` to have the mappings compared at the schedule's end, then be the C library's. */
#define CHANGES_MAPPINGS(result, name, parameters, arguments) STANDS_IN(note_mappings(), result, name, parameters, arguments)

CHANGES_MAPPINGS(void *, mmap, (void *address, size_t length, int protection, int flags, int fd, off_t offset),
                 (address, length, protection, flags, fd, offset))
CHANGES_MAPPINGS(void *, mmap64, (void *address, size_t length, int protection, int flags, int fd, off64_t offset),
                 (address, length, protection, flags, fd, offset))
CHANGES_MAPPINGS(int, munmap, (void *address, size_t length), (address, length))
CHANGES_MAPPINGS(int, mprotect, (void *address, size_t length, int protection), (address, length, protection))
CHANGES_MAPPINGS(int, madvise, (void *address, size_t length, int advice), (address, length, advice))
CHANGES_MAPPINGS(int, mlock, (const void *address, size_t length), (address, length))
CHANGES_MAPPINGS(int, munlock, (const void *address, size_t length), (address, length))
CHANGES_MAPPINGS(void *, shmat, (int id, const void *address, int flags), (id, address, flags))
CHANGES_MAPPINGS(int, shmdt, (const void *address), (address))
CHANGES_MAPPINGS(void *, dlopen, (const char *file, int mode), (file, mode))
CHANGES_MAPPINGS(int, dlclose, (void *handle), (handle))

PSET_EXPORT void *mremap(void *address, size_t length, size_t new_length, int flags, ...) {
    va_list arguments;
    va_start(arguments, flags);
    void *new_address = va_arg(arguments, void *);
    va_end(arguments);
    note_mappings();
    REAL(mremap);
    return real_mremap(address, length, new_length, flags, new_address);
}

/* Defines `name` to mark the schedule's process as one that cannot be put back, then be the C library's. */
#define FORGOES(result, name, parameters, arguments) STANDS_IN(reuse_forgo(#name), result, name, parameters, arguments)

FORGOES(int, chroot, (const char *path), (path))
FORGOES(int, setrlimit, (__rlimit_resource_t resource, const struct rlimit *limit), (resource, limit))
FORGOES(int, prlimit, (pid_t pid, __rlimit_resource_t resource, const struct rlimit *limit, struct rlimit *old),
        (pid, resource, limit, old))
FORGOES(unsigned, alarm, (unsigned seconds), (seconds))
FORGOES(useconds_t, ualarm, (useconds_t value, useconds_t interval), (value, interval))
FORGOES(int, setitimer, (__itimer_which_t which, const struct itimerval *value, struct itimerval *old),
        (which, value, old))
FORGOES(int, timer_create, (clockid_t clock, struct sigevent *event, timer_t *timer), (clock, event, timer))
FORGOES(pid_t, setsid, (void), ())
FORGOES(int, setpgid, (pid_t pid, pid_t group), (pid, group))
FORGOES(int, setpgrp, (void), ())
FORGOES(int, sigaltstack, (const stack_t *stack, stack_t *old), (stack, old))
FORGOES(int, sched_setaffinity, (pid_t pid, size_t size, const cpu_set_t *set), (pid, size, set))
FORGOES(int, sched_setscheduler, (pid_t pid, int policy, const struct sched_param *param), (pid, policy, param))
FORGOES(int, sched_setparam, (pid_t pid, const struct sched_param *param), (pid, param))
FORGOES(int, setpriority, (__priority_which_t which, id_t who, int priority), (which, who, priority))
FORGOES(int, nice, (int increment), (increment))
FORGOES(int, personality, (unsigned long persona), (persona))
FORGOES(int, setuid, (uid_t user), (user))
FORGOES(int, setgid, (gid_t group), (group))
FORGOES(int, seteuid, (uid_t user), (user))
FORGOES(int, setegid, (gid_t group), (group))
FORGOES(int, setreuid, (uid_t real, uid_t effective), (real, effective))
FORGOES(int, setregid, (gid_t real, gid_t effective), (real, effective))
FORGOES(int, setresuid, (uid_t real, uid_t effective, uid_t saved), (real, effective, saved))
FORGOES(int, setresgid, (gid_t real, gid_t effective, gid_t saved), (real, effective, saved))
FORGOES(int, setgroups, (size_t size, const gid_t *groups), (size, groups))
FORGOES(int, mlockall, (int flags), (flags))
/* Other ways to start a process, which may outlive the schedule even when it reaps the one it started. */
FORGOES(int, posix_spawn,
        (pid_t * pid, const char *path, const posix_spawn_file_actions_t *actions, const posix_spawnattr_t *attributes,
         char *const arguments[], char *const environment[]),
        (pid, path, actions, attributes, arguments, environment))
FORGOES(int, posix_spawnp,
        (pid_t * pid, const char *file, const posix_spawn_file_actions_t *actions,
         const posix_spawnattr_t *attributes, char *const arguments[], char *const environment[]),
        (pid, file, actions, attributes, arguments, environment))
FORGOES(int, system, (const char *command), (command))
FORGOES(FILE *, popen, (const char *command, const char *mode), (command, mode))

PSET_EXPORT int prctl(int option, ...) {
    va_list arguments;
    va_start(arguments, option);
    unsigned long values[4];
    for (int i = 0; i < 4; i++) values[i] = va_arg(arguments, unsigned long);
    va_end(arguments);
    reuse_forgo("prctl");
    REAL(prctl);
    return real_prctl(option, values[0], values[1], values[2], values[3]);
}

/*
 * The raw system calls that change what is not put back (as the functions above do, and new threads or
 * processes: a process is found at the end, a thread would be too, but not before it changed more).
 */
static const long forgoing_calls[] = {
    SYS_chroot, SYS_setrlimit, SYS_prlimit64, SYS_alarm, SYS_setitimer, SYS_timer_create, SYS_setsid,
    SYS_setpgid, SYS_sigaltstack, SYS_sched_setaffinity, SYS_setpriority, SYS_personality, SYS_setuid,
    SYS_setgid, SYS_setreuid, SYS_setregid, SYS_setresuid, SYS_setresgid, SYS_setgroups, SYS_setfsuid,
    SYS_setfsgid, SYS_capset, SYS_mlockall, SYS_prctl, SYS_arch_prctl, SYS_clone, SYS_clone3, SYS_fork,
    SYS_vfork, SYS_set_tid_address, SYS_set_robust_list, SYS_rseq, SYS_seccomp, SYS_sched_setscheduler,
    SYS_sched_setparam, SYS_sched_setattr, SYS_ioprio_set, SYS_pkey_alloc, SYS_pkey_mprotect,
    SYS_landlock_restrict_self, SYS_rt_sigqueueinfo,
};

/* The raw system calls that change mappings, which the end of the schedule then compares. */
static const long mapping_calls[] = {
    SYS_mmap, SYS_munmap, SYS_mremap, SYS_mprotect, SYS_madvise, SYS_mlock, SYS_munlock, SYS_mlock2, SYS_shmat,
    SYS_shmdt, SYS_remap_file_pages, SYS_brk,
};

static int listed(long number, const long *calls, size_t count) {
    for (size_t i = 0; i < count; i++)
        if (calls[i] == number) return 1;
    return 0;
}

PSET_EXPORT long syscall(long number, ...) {
    va_list arguments;
    va_start(arguments, number);
    long values[6];
    for (int i = 0; i < 6; i++) values[i] = va_arg(arguments, long);
    va_end(arguments);
    if (keeper) {
        if (number == SYS_rt_sigaction) reuse_note_signal((int)values[0]);
        else if (listed(number, forgoing_calls, sizeof forgoing_calls / sizeof forgoing_calls[0]))
            reuse_forgo("syscall");
        else if (listed(number, mapping_calls, sizeof mapping_calls / sizeof mapping_calls[0]))
            note_mappings();
    }
    REAL(syscall);
    return real_syscall(number, values[0], values[1], values[2], values[3], values[4], values[5]);
}

/* The other ways of setting a signal's disposition, which the C library makes without its exported sigaction. */
#define NOTES_SIGNAL(result, name, parameters, arguments)                                                             \
    STANDS_IN(reuse_note_signal(number), result, name, parameters, arguments)

/* Old interfaces, still the C library's, which programs may call. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
NOTES_SIGNAL(sighandler_t, sigset, (int number, sighandler_t handler), (number, handler))
NOTES_SIGNAL(sighandler_t, sysv_signal, (int number, sighandler_t handler), (number, handler))
NOTES_SIGNAL(sighandler_t, bsd_signal, (int number, sighandler_t handler), (number, handler))
NOTES_SIGNAL(int, siginterrupt, (int number, int flag), (number, flag))
NOTES_SIGNAL(int, sigignore, (int number), (number))
NOTES_SIGNAL(sighandler_t, ssignal, (int number, sighandler_t handler), (number, handler))
NOTES_SIGNAL(sighandler_t, __sysv_signal, (int number, sighandler_t handler), (number, handler))
NOTES_SIGNAL(int, __sigaction, (int number, const struct sigaction *action, struct sigaction *old),
             (number, action, old))
#pragma GCC diagnostic pop
