/*
 * Fibers: in an explored run under the fork server, the program's threads run as user-level threads on the
 * one kernel thread of the schedule's process. The runtime lets only one thread run at a time anyway, so a
 * hand-over of the baton becomes a switch of stacks and registers in user space, where with kernel threads
 * it is a futex wake and wait and a context switch in the kernel, and each pthread_create is an mmap rather
 * than a clone whose stack and descriptor the kernel must set up and fault in. Every decision is the same
 * code in both modes, so a seed gives the same schedule (the same trace hash) whichever replays it.
 *
 * An executable with thread-locals of its own (a PT_TLS segment), which all fibers would share, never runs as
 * fibers. Otherwise, what fibers cannot show as kernel threads would, a run does not try: the fiber run ends
 * at once with FORK_SERVER_FALLBACK, and the batch driver runs that seed, and every later one, again with
 * kernel threads (watchdog included), so the verdict is the one kernel threads give. That is:
 *   - a fiber stuck in a call only another thread could end (a read from a pipe another thread writes,
 *     a lock of the C library's) or running long outside the runtime: noticed by the fork server, which
 *     kills the schedule's process (fiber_watch, below, judged as the watchdog judges a stuck holder);
 *   - what acts on a kernel thread by its handle or its own state: cancellation, pthread_kill and signal
 *     waits, thread-specific data, stream locks, a stack of the program's own, per-thread signal masks and,
 *     once a second thread exists, signal handlers (a signal would run its handler on whichever fiber holds
 *     the baton, where kernel threads run it on the main thread), a process-shared mutex (the C library's,
 *     owned by the one kernel thread), and fork from a thread other than the main one.
 *
 * Per fiber, what a kernel thread has of its own is saved and restored at every switch: the runtime's
 * `local`, errno, and the callee-saved registers with the floating-point control words. Stacks are fresh
 * zeroed mappings of the size asked for (or the default) below a guard page, as a new thread's are.
 */
#include "pset_sched.h"

#include "pset_forkserver.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern void __tsan_acquire(void *address) __attribute__((weak));

int fibers_on;
volatile uint64_t progress_total;

struct fiber {
    /* Its saved stack pointer, where the registers were pushed. */
    void *sp;
    /* Its stack mapping, guard page included; NULL for the main thread's. */
    char *base;
    size_t length;
    struct local local;
    int error;
};

static struct fiber fibers[MAX_THREADS];
/* A detached fiber's stack, unmapped by the next fiber to run: the finished one was still standing on it. */
static char *zombie_base;
static size_t zombie_length;
/* Whether the program has put a handler on a signal while running as fibers. */
static int handlers_installed;
/* The kernel thread's static thread-locals and descriptor: part of a non-main fiber's own memory, as a kernel
 * thread's are part of its stack block. */
static uintptr_t tls_low, tls_high;
/* The fork server's signal mask, which each schedule's process gets back (the server blocks SIGCHLD, and SIGPIPE
 * for a reused process's pipe, pset_sched_reuse.c). */
static sigset_t server_mask;

/* The least stack a fiber gets: the C library lets functions such as printf take up to 64 KiB of it. */
#define MIN_FIBER_STACK (128 * 1024)
/* Bytes at the top of a stack block, above the stack, that the handle points into, as glibc's descriptor. */
#define HANDLE_ROOM 64

/*
 * Saves the callee-saved registers, MXCSR and the x87 control word on the current stack and its pointer in
 * *save, then restores the same from the stack at `next`, whose return address it returns to.
 */
void pset_fiber_swap(void **save, void *next);
__asm__(".text\n"
        ".globl pset_fiber_swap\n"
        ".hidden pset_fiber_swap\n"
        ".type pset_fiber_swap,@function\n"
        "pset_fiber_swap:\n"
        "    pushq %rbp\n"
        "    pushq %rbx\n"
        "    pushq %r12\n"
        "    pushq %r13\n"
        "    pushq %r14\n"
        "    pushq %r15\n"
        "    subq $8, %rsp\n"
        "    stmxcsr (%rsp)\n"
        "    fnstcw 4(%rsp)\n"
        "    movq %rsp, (%rdi)\n"
        "    movq %rsi, %rsp\n"
        "    ldmxcsr (%rsp)\n"
        "    fldcw 4(%rsp)\n"
        "    addq $8, %rsp\n"
        "    popq %r15\n"
        "    popq %r14\n"
        "    popq %r13\n"
        "    popq %r12\n"
        "    popq %rbx\n"
        "    popq %rbp\n"
        "    ret\n"
        ".size pset_fiber_swap, .-pset_fiber_swap\n");

static pthread_t main_descriptor(void);

void fiber_fallback(const char *why) {
    say("@@pset fibers fallback reason=%s", why);
    _exit(FORK_SERVER_FALLBACK);
}

/* The executable's thread-locals, and all modules' together (found[0], found[1]). */
static int count_tls(struct dl_phdr_info *info, size_t size, void *found) {
    (void)size;
    size_t *sizes = found;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        if (info->dlpi_phdr[i].p_type != PT_TLS || info->dlpi_phdr[i].p_memsz == 0) continue;
        if (info->dlpi_name == NULL || info->dlpi_name[0] == 0) sizes[0] += info->dlpi_phdr[i].p_memsz;
        sizes[1] += info->dlpi_phdr[i].p_memsz + info->dlpi_phdr[i].p_align;
    }
    return 0;
}

/*
 * Decides, once in the fork server, whether its schedules run threads as fibers: asked for by the batch
 * driver (PSET_SCHED_FIBERS), an explored run (a calm run may be a ThreadSanitizer run, whose runtime keeps
 * state per kernel thread), no ThreadSanitizer loaded, and no thread-locals of the program's own.
 */
void fibers_decide(void) {
    int asked = getenv("PSET_SCHED_FIBERS") != NULL;
    unsetenv("PSET_SCHED_FIBERS");
    if (!asked || calm || __tsan_acquire || !fork_server_requested()) return;
    /* The libraries' thread-locals (the C library's errno, this runtime's `local`) are saved and restored at
     * each switch, or are no business of the program's; the executable's own would be shared by all fibers. */
    size_t sizes[2] = {0, 0};
    dl_iterate_phdr(count_tls, sizes);
    if (sizes[0] > 0) return;
    /* The static block lies below the descriptor (x86-64's TLS variant II), with the C library's surplus. */
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    uintptr_t descriptor = (uintptr_t)main_descriptor();
    tls_low = descriptor - sizes[1] - 2 * page;
    tls_high = (descriptor + page) & ~(page - 1);
    fibers_on = 1;
    sigset_t child_ended;
    sigemptyset(&child_ended);
    sigaddset(&child_ended, SIGCHLD);
    sigaddset(&child_ended, SIGPIPE);
    syscall(SYS_rt_sigprocmask, SIG_BLOCK, &child_ended, &server_mask, _NSIG / 8);
}

/* In each schedule's process, right after the fork: the program's signal mask, not the server's. */
void fibers_in_schedule(void) {
    if (fibers_on) syscall(SYS_rt_sigprocmask, SIG_SETMASK, &server_mask, NULL, _NSIG / 8);
}

/* In a process forked by the program: its one thread goes on as a kernel thread, and so do those it starts. */
void fibers_after_fork(void) { fibers_on = 0; }

static void reap_zombie(void) {
    if (!zombie_base) return;
    runtime_munmap(zombie_base, zombie_length);
    zombie_base = NULL;
}

/*
 * With the big lock held: sets up fiber `slot` to start at `entry` on a stack of its own, of the size recorded for
 * it; an errno value when there is no memory for it.
 */
int fiber_create(int slot, const pthread_attr_t *attr, void (*entry)(void), pthread_t *handle) {
    void *own_stack = NULL;
    size_t own_size = 0;
    if (attr && pthread_attr_getstack(attr, &own_stack, &own_size) == 0 && (uintptr_t)own_stack + own_size != 0)
        fiber_fallback("pthread_attr_setstack");
    if (handlers_installed) fiber_fallback("signal-handler");
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    size_t size = (threads[slot].stack_size + page - 1) & ~(page - 1);
    /* The C library sizes its own stack buffers by the kernel thread's stack, the main one's for every fiber. */
    if (size < MIN_FIBER_STACK) size = MIN_FIBER_STACK;
    char *base = runtime_mmap(NULL, size + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK | MAP_NORESERVE,
                      -1, 0);
    if (base == MAP_FAILED) return EAGAIN;
    if (runtime_mprotect(base, page, PROT_NONE) != 0) {
        runtime_munmap(base, size + page);
        return EAGAIN;
    }
    if (fibers[slot].base) runtime_munmap(fibers[slot].base, fibers[slot].length);
    fibers[slot].base = base;
    fibers[slot].length = size + page;
    threads[slot].stack_size = size;
    char *top = base + page + size;
    *handle = (pthread_t)(top - HANDLE_ROOM);
    /* The frame pset_fiber_swap pops: the control words, six registers, then `entry` as the return address,
     * 16-byte aligned so that `entry` starts with the stack as a call leaves it; above it, no return. */
    void **frame = (void **)(top - HANDLE_ROOM);
    *--frame = NULL;
    *--frame = (void *)entry;
    for (int i = 0; i < 6; i++) *--frame = NULL;
    uint32_t controls[2];
    __asm__ volatile("stmxcsr %0" : "=m"(controls[0]));
    __asm__ volatile("fnstcw %0" : "=m"(controls[1]));
    controls[1] &= 0xffff;
    *--frame = NULL;
    memcpy(frame, controls, sizeof controls);
    fibers[slot].sp = frame;
    return 0;
}

/* On a new fiber, before its start routine: the state a new kernel thread starts with. */
void fiber_begin(int me) {
    reap_zombie();
    memset(&local, 0, sizeof local);
    local.self = me;
    local.to_wake = -1;
    local.in_runtime = 1;
    local.stack_high = (uintptr_t)threads[me].handle + HANDLE_ROOM;
    local.stack_low = local.stack_high - threads[me].stack_size;
    local.tls_low = tls_low;
    local.tls_high = tls_high;
    threads[me].tid = threads[0].tid;
    errno = 0;
}

/* With the big lock held: `me` gives the kernel thread to `next`, and returns when its turn comes again. */
void fiber_switch(int me, int next) {
    fibers[me].local = local;
    fibers[me].error = errno;
    pset_fiber_swap(&fibers[me].sp, fibers[next].sp);
    local = fibers[me].local;
    errno = fibers[me].error;
    reap_zombie();
}

/*
 * A fiber that has finished (finish() done) leaves for good: to the thread holding the baton, or, when no
 * thread is left, the process ends as it does when its last kernel thread exits.
 */
void fiber_exit(int me) {
    lock_big();
    if (threads[me].state == SLOT_EMPTY && fibers[me].base) {
        zombie_base = fibers[me].base;
        zombie_length = fibers[me].length;
        fibers[me].base = NULL;
    }
    if (current < 0 || current == me) {
        unlock_big();
        exit(0);
    }
    void *gone;
    pset_fiber_swap(&gone, fibers[current].sp);
    __builtin_unreachable();
}

/* A fiber that was joined or detached after it finished: its stack goes. */
void fiber_reap(int slot) {
    if (!fibers[slot].base) return;
    runtime_munmap(fibers[slot].base, fibers[slot].length);
    fibers[slot].base = NULL;
}

/* Unmaps every fiber's stack still mapped, finished ones included: a reused process's schedule is over. */
void unmap_fiber_stacks(void) {
    for (int i = 0; i < slots_in_use; i++) fiber_reap(i);
    reap_zombie();
}

/* ---- the fork server's sentry: a schedule whose fiber is stuck outside the runtime ---- */

/* The kernel's state letter of process `pid`, and the CPU time it has used (0 if unknown). */
static char process_state(pid_t pid, int64_t *cpu_ns) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    clockid_t clock;
    struct timespec used;
    *cpu_ns = clock_getcpuclockid(pid, &clock) == 0 && clock_gettime(clock, &used) == 0
                  ? (int64_t)used.tv_sec * 1000000000LL + used.tv_nsec
                  : 0;
    return kernel_state(path);
}

/* The child's progress_total: the same address in its copy of the server's memory. */
static uint64_t child_progress(int memory) {
    uint64_t value = 0;
    if (memory < 0 || pread(memory, &value, sizeof value, (off_t)(uintptr_t)&progress_total) != sizeof value)
        return 0;
    return value;
}

/* Kills schedule `child` and its process group; its wait status. */
static int kill_schedule(pid_t child) {
    kill(-child, SIGKILL);
    kill(child, SIGKILL);
    int status = 0;
    while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    return status;
}

/*
 * In the fork server: waits for the schedule under way in `child` to end and returns its wait status. A reused
 * process (pset_sched_reuse.c; `report` is then its report pipe, `pidfd` its pidfd) ends a schedule by
 * reporting its exit status with `nonce`, and lives on (*lives set); any other report kills it. When its fibers
 * made no progress through the runtime for WATCHDOG_TICKS ticks, it is killed and the status is
 * FORK_SERVER_FALLBACK's. As the watchdog does, a child asleep in the kernel counts the ticks it sleeps, and a
 * runnable one only the CPU time it burns, so one that only waits for a CPU on a busy machine is never given up
 * on.
 */
int fiber_watch(pid_t child, int pidfd, int report, uint64_t nonce, int *lives) {
    *lives = 0;
    sigset_t child_ended;
    sigemptyset(&child_ended);
    sigaddset(&child_ended, SIGCHLD);
    struct timespec tick = {.tv_sec = 0, .tv_nsec = WATCHDOG_TICK_NS};
    struct pollfd ready[2] = {{.fd = pidfd, .events = POLLIN}, {.fd = report, .events = POLLIN}};
    int memory = -1, status = 0;
    int64_t quiet = 0, cpu_seen = -1;
    uint64_t seen = 0;
    for (;;) {
        int ticked;
        if (pidfd >= 0) {
            int polled = poll(ready, 2, WATCHDOG_TICK_NS / 1000000);
            if (polled < 0 && errno == EINTR) continue;
            if (ready[1].revents & POLLIN) {
                uint64_t message[2];
                if (read(report, message, sizeof message) == sizeof message && message[0] == nonce &&
                    message[1] <= 255) {
                    *lives = 1;
                    status = (int)message[1] << 8;
                } else {
                    status = kill_schedule(child);
                }
                break;
            }
            /* Its end of the pipe is gone: the process is ending, which its pidfd tells. */
            if (ready[1].revents) ready[1].fd = -1;
            ticked = polled == 0;
        } else {
            /* The system call: this runtime's own sigtimedwait is the program's, which a fiber run gives up on. */
            long got = syscall(SYS_rt_sigtimedwait, &child_ended, NULL, &tick, _NSIG / 8);
            ticked = got < 0 && errno == EAGAIN;
        }
        pid_t ended = waitpid(child, &status, WNOHANG);
        if (ended == child || (ended < 0 && errno != EINTR)) break;
        if (!ticked) continue;
        if (memory < 0) {
            char path[64];
            snprintf(path, sizeof path, "/proc/%d/mem", (int)child);
            memory = open(path, O_RDONLY | O_CLOEXEC);
        }
        uint64_t progress = child_progress(memory);
        int64_t cpu = 0;
        char state = process_state(child, &cpu);
        if (progress != seen || cpu_seen < 0) quiet = 0;
        else quiet += state == 'R' ? cpu - cpu_seen : WATCHDOG_TICK_NS;
        seen = progress;
        cpu_seen = cpu;
        if (quiet >= WATCHDOG_TICKS * WATCHDOG_TICK_NS) {
            kill_schedule(child);
            status = FORK_SERVER_FALLBACK << 8;
            break;
        }
    }
    if (memory >= 0) close(memory);
    return status;
}

/* ---- what fibers cannot be: the run falls back to kernel threads ---- */

/* The kernel thread's own descriptor, which the C library's pthread_self returns. */
static pthread_t main_descriptor(void) {
    REAL(pthread_self);
    return real_pthread_self();
}

PSET_EXPORT pthread_t pthread_self(void) {
    if (fibers_on && local.self > 0) return threads[local.self].handle;
    return main_descriptor();
}

/* Defines `name` to fall back when called in a fiber run, and otherwise to be the C library's. */
#define KERNEL_ONLY(result, name, parameters, arguments)                                                              \
    STANDS_IN(if (fibers_on) fiber_fallback(#name), result, name, parameters, arguments)

KERNEL_ONLY(int, pthread_cancel, (pthread_t thread), (thread))
KERNEL_ONLY(int, pthread_kill, (pthread_t thread, int signal), (thread, signal))
KERNEL_ONLY(int, pthread_sigqueue, (pthread_t thread, int signal, const union sigval value), (thread, signal, value))
KERNEL_ONLY(int, pthread_key_create, (pthread_key_t * key, void (*destructor)(void *)), (key, destructor))
KERNEL_ONLY(int, pthread_getattr_np, (pthread_t thread, pthread_attr_t *attr), (thread, attr))
KERNEL_ONLY(int, pthread_setname_np, (pthread_t thread, const char *name), (thread, name))
KERNEL_ONLY(int, pthread_getname_np, (pthread_t thread, char *name, size_t length), (thread, name, length))
KERNEL_ONLY(int, pthread_getcpuclockid, (pthread_t thread, clockid_t *clock), (thread, clock))
KERNEL_ONLY(int, pthread_setaffinity_np, (pthread_t thread, size_t size, const cpu_set_t *set), (thread, size, set))
KERNEL_ONLY(int, pthread_getaffinity_np, (pthread_t thread, size_t size, cpu_set_t *set), (thread, size, set))
KERNEL_ONLY(int, pthread_getschedparam, (pthread_t thread, int *policy, struct sched_param *param),
            (thread, policy, param))
KERNEL_ONLY(int, pthread_setschedparam, (pthread_t thread, int policy, const struct sched_param *param),
            (thread, policy, param))
KERNEL_ONLY(int, pthread_tryjoin_np, (pthread_t thread, void **result), (thread, result))
KERNEL_ONLY(int, pthread_timedjoin_np, (pthread_t thread, void **result, const struct timespec *limit),
            (thread, result, limit))
KERNEL_ONLY(int, sigwait, (const sigset_t *set, int *signal), (set, signal))
KERNEL_ONLY(int, sigwaitinfo, (const sigset_t *set, siginfo_t *info), (set, info))
KERNEL_ONLY(int, sigtimedwait, (const sigset_t *set, siginfo_t *info, const struct timespec *limit),
            (set, info, limit))
KERNEL_ONLY(void, flockfile, (FILE * stream), (stream))
KERNEL_ONLY(int, ftrylockfile, (FILE * stream), (stream))

/* pthread_cleanup_push: its handlers run when pthread_exit unwinds a kernel thread's stack, which a fiber's does not. */
KERNEL_ONLY(void, __pthread_register_cancel, (__pthread_unwind_buf_t * buffer), (buffer))

/* Whether more threads than one are alive: from then on a signal mask or a handler would be a kernel thread's. */
static int several(void) { return live_threads() > 1; }

PSET_EXPORT int pthread_sigmask(int how, const sigset_t *set, sigset_t *old) {
    if (fibers_on && set && several()) fiber_fallback("pthread_sigmask");
    REAL(pthread_sigmask);
    return real_pthread_sigmask(how, set, old);
}

PSET_EXPORT int sigprocmask(int how, const sigset_t *set, sigset_t *old) {
    if (fibers_on && set && several()) fiber_fallback("sigprocmask");
    REAL(sigprocmask);
    return real_sigprocmask(how, set, old);
}

static void note_handler(void (*handler)(int)) {
    if (!fibers_on || handler == SIG_DFL || handler == SIG_IGN) return;
    if (several()) fiber_fallback("signal-handler");
    handlers_installed = 1;
}

PSET_EXPORT int sigaction(int signal, const struct sigaction *action, struct sigaction *old) {
    if (action) {
        note_handler(action->sa_handler);
        reuse_note_signal(signal);
    }
    REAL(sigaction);
    return real_sigaction(signal, action, old);
}

PSET_EXPORT sighandler_t signal(int number, sighandler_t handler) {
    note_handler(handler);
    reuse_note_signal(number);
    REAL(signal);
    return real_signal(number, handler);
}
