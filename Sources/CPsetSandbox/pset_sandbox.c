#define _GNU_SOURCE
#include "pset_sandbox.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/acct.h>
#include <linux/audit.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/*
 * Everything here runs in a child of a multithreaded process between fork and exec, so it uses
 * system calls only: no allocation, no locks, no stdio. The C library's fork() and set*id()
 * wrappers are avoided too: in a child made by a raw clone they still see the parent's threads,
 * take locks another thread may have held at the clone, and deadlock. Policy is decided by the
 * Swift side and arrives in a pset_sandbox_spec.
 */

/* Writes all of `length` bytes, retrying on interruption. */
static int pset_write_all(int fd, const void *buffer, size_t length) {
    const char *bytes = buffer;
    while (length > 0) {
        ssize_t written = write(fd, bytes, length);
        if (written < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        bytes += written;
        length -= (size_t)written;
    }
    return 0;
}

/* Reads up to `length` bytes, retrying on interruption; returns the count or -1. */
static ssize_t pset_read_some(int fd, void *buffer, size_t length) {
    for (;;) {
        ssize_t count = read(fd, buffer, length);
        if (count >= 0 || errno != EINTR) return count;
    }
}

/* Reports a failed stage to the parent and ends the calling child. */
static _Noreturn void pset_fail(int failure_fd, int stage, int index) {
    pset_sandbox_failure failure = {.stage = stage, .error = errno, .index = index};
    pset_write_all(failure_fd, &failure, sizeof failure);
    _exit(127);
}

/* Copies `a` then `b` into `out` (of PATH_MAX bytes); returns -1 with ENAMETOOLONG if too long. */
static int pset_join(char *out, const char *a, const char *b) {
    size_t la = strlen(a), lb = strlen(b);
    if (la + lb + 1 > PATH_MAX) {
        errno = ENAMETOOLONG;
        return -1;
    }
    memcpy(out, a, la);
    memcpy(out + la, b, lb + 1);
    return 0;
}

/* Creates every missing directory above `path` (not `path` itself), like `mkdir -p` of its parent. */
static int pset_make_parents(char *path) {
    for (char *slash = strchr(path + 1, '/'); slash != NULL; slash = strchr(slash + 1, '/')) {
        *slash = '\0';
        int rc = mkdir(path, 0755);
        int saved = errno;
        *slash = '/';
        if (rc != 0 && saved != EEXIST) {
            errno = saved;
            return -1;
        }
    }
    return 0;
}

/* Builds one entry of the new root mounted at `root`. */
static int pset_apply_mount(const char *root, const pset_mount *entry) {
    char target[PATH_MAX];
    if (pset_join(target, root, entry->target) != 0) return -1;
    if (pset_make_parents(target) != 0) return -1;
    unsigned long extra = MS_NOSUID;
    if (entry->flags & PSET_MOUNT_NO_DEVICES) extra |= MS_NODEV;
    if (entry->flags & PSET_MOUNT_NO_EXEC) extra |= MS_NOEXEC;
    switch (entry->kind) {
    case PSET_MOUNT_BIND: {
        struct stat info;
        if (stat(entry->source, &info) != 0) return -1;
        /* A target that exists, such as a file inside a read-only system directory, is mounted over. */
        struct stat existing;
        if (lstat(target, &existing) != 0) {
            if (S_ISDIR(info.st_mode)) {
                if (mkdir(target, 0755) != 0 && errno != EEXIST) return -1;
            } else {
                int fd = open(target, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
                if (fd < 0) return -1;
                close(fd);
            }
        }
        if (mount(entry->source, target, NULL, MS_BIND | MS_REC, NULL) != 0) return -1;
        unsigned long flags = MS_REMOUNT | MS_BIND | extra;
        if (entry->flags & PSET_MOUNT_READ_ONLY) flags |= MS_RDONLY;
        return mount(NULL, target, NULL, flags, NULL);
    }
    case PSET_MOUNT_TMPFS:
        if (mkdir(target, 0755) != 0 && errno != EEXIST) return -1;
        return mount("tmpfs", target, "tmpfs", extra, entry->source);
    case PSET_MOUNT_PROC:
        if (mkdir(target, 0555) != 0 && errno != EEXIST) return -1;
        return mount("proc", target, "proc", extra | MS_NODEV | MS_NOEXEC, entry->source);
    case PSET_MOUNT_SYMLINK:
        return symlink(entry->source, target);
    case PSET_MOUNT_FILE: {
        int fd = open(target, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, entry->mode);
        if (fd < 0) return -1;
        int rc = pset_write_all(fd, entry->source, entry->length);
        close(fd);
        return rc;
    }
    case PSET_MOUNT_DIR:
        if (mkdir(target, entry->mode) != 0 && errno != EEXIST) return -1;
        return chmod(target, entry->mode);
    default:
        errno = EINVAL;
        return -1;
    }
}

/* Mounts the new root, fills it, makes it the root and read-only. */
static void pset_build_root(const pset_sandbox_spec *spec, int failure_fd) {
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) pset_fail(failure_fd, PSET_STAGE_MOUNT_PRIVATE, -1);
    if (mount("pset-root", spec->root, "tmpfs", MS_NOSUID | MS_NODEV, spec->root_options) != 0)
        pset_fail(failure_fd, PSET_STAGE_MOUNT_ROOT, -1);
    for (int32_t i = 0; i < spec->mount_count; i++) {
        if (pset_apply_mount(spec->root, &spec->mounts[i]) != 0) pset_fail(failure_fd, PSET_STAGE_MOUNT_ENTRY, i);
    }
    if (chdir(spec->root) != 0 || syscall(SYS_pivot_root, ".", ".") != 0 || umount2(".", MNT_DETACH) != 0 ||
        chdir("/") != 0)
        pset_fail(failure_fd, PSET_STAGE_PIVOT_ROOT, -1);
    if (mount(NULL, "/", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV, NULL) != 0)
        pset_fail(failure_fd, PSET_STAGE_PIVOT_ROOT, -1);
}

/* Sets the loopback interface of the new network namespace up. */
static void pset_bring_up_loopback(int failure_fd) {
    int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (sock < 0) pset_fail(failure_fd, PSET_STAGE_LOOPBACK, -1);
    struct ifreq request;
    memset(&request, 0, sizeof request);
    memcpy(request.ifr_name, "lo", 3);
    if (ioctl(sock, SIOCGIFFLAGS, &request) != 0) pset_fail(failure_fd, PSET_STAGE_LOOPBACK, -1);
    request.ifr_flags |= IFF_UP | IFF_RUNNING;
    if (ioctl(sock, SIOCSIFFLAGS, &request) != 0) pset_fail(failure_fd, PSET_STAGE_LOOPBACK, -1);
    close(sock);
}

/* Closes every descriptor from 3 up except those in `keep` (at most a handful, any order). */
static void pset_close_others(const int *keep, int count) {
    unsigned int next = 3;
    for (;;) {
        unsigned int lowest = UINT_MAX;
        for (int i = 0; i < count; i++) {
            if (keep[i] >= (int)next && (unsigned int)keep[i] < lowest) lowest = (unsigned int)keep[i];
        }
        if (lowest == UINT_MAX) {
            syscall(SYS_close_range, next, UINT_MAX, 0);
            return;
        }
        if (lowest > next) syscall(SYS_close_range, next, lowest - 1, 0);
        next = lowest + 1;
    }
}

/* Writes `text` into the file at `path`; returns 0 or -1 with errno set. */
static int pset_write_file(const char *path, const char *text) {
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    int rc = pset_write_all(fd, text, strlen(text));
    int saved = errno;
    close(fd);
    errno = saved;
    return rc;
}

/* Parses a decimal number at the start of `text`. */
static long pset_parse_long(const char *text) {
    long value = 0;
    while (*text >= '0' && *text <= '9') value = value * 10 + (*text++ - '0');
    return value;
}

/* Counts lines of a /proc file beyond its header line. */
static int32_t pset_count_entries(const char *path) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    char buffer[4096];
    int32_t lines = 0;
    ssize_t count;
    while ((count = pset_read_some(fd, buffer, sizeof buffer)) > 0) {
        for (ssize_t i = 0; i < count; i++) lines += buffer[i] == '\n';
    }
    close(fd);
    return lines > 0 ? lines - 1 : 0;
}

/* Records the processes, zombies and IPC objects the namespace holds besides init and `program`. */
static void pset_survey(pid_t program, pset_sandbox_report *report) {
    char buffer[4096];
    int fd = open("/proc/sys/kernel/ns_last_pid", O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        ssize_t count = pset_read_some(fd, buffer, sizeof buffer - 1);
        buffer[count > 0 ? count : 0] = '\0';
        report->last_pid = (int32_t)pset_parse_long(buffer);
        close(fd);
    }
    report->shm_segments = pset_count_entries("/proc/sysvipc/shm");
    report->semaphore_sets = pset_count_entries("/proc/sysvipc/sem");
    report->message_queues = pset_count_entries("/proc/sysvipc/msg");

    int dir = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0) return;
    char entries[4096];
    long count;
    while ((count = syscall(SYS_getdents64, dir, entries, sizeof entries)) > 0) {
        for (long offset = 0; offset < count;) {
            struct dirent64 *entry = (struct dirent64 *)(entries + offset);
            offset += entry->d_reclen;
            if (entry->d_name[0] < '1' || entry->d_name[0] > '9') continue;
            long pid = pset_parse_long(entry->d_name);
            if (pid == 1 || pid == program) continue;
            char path[64] = "/proc/";
            size_t length = strlen(entry->d_name);
            if (length > 20) continue;
            memcpy(path + 6, entry->d_name, length);
            memcpy(path + 6 + length, "/stat", 6);
            int stat_fd = open(path, O_RDONLY | O_CLOEXEC);
            if (stat_fd < 0) continue;
            ssize_t read_count = pset_read_some(stat_fd, buffer, sizeof buffer - 1);
            close(stat_fd);
            if (read_count <= 0) continue;
            buffer[read_count] = '\0';
            char *paren = strrchr(buffer, ')');
            if (paren == NULL || paren[1] == '\0') continue;
            if (paren[2] == 'Z') {
                report->zombies++;
            } else {
                report->alive++;
            }
        }
    }
    close(dir);
}

/*
 * What init records while the program runs, beyond what pset_survey sees at its end: the processes it
 * creates (the PID namespace's BSD process accounting, which writes one record per process, never per
 * thread, as it exits) and the pipes, sockets and System V segments it makes (a seccomp filter inherited
 * by everything init starts hands each such call to init, which counts it and lets it proceed).
 */
typedef struct {
    int accounting; /* the accounting file, or -1 */
    int listener;   /* the recording filter's notifications, or -1 */
    int recording;  /* whether the filter was installed, so that the counts below are the program's */
    int32_t pipes;
    int32_t sockets;
    int32_t segments;
} pset_recorder;

/*
 * Starts process accounting for init's PID namespace, into a file on a small tmpfs that is mounted
 * nowhere, so that no program sees it. Returns the file, open for reading, or -1.
 */
static int pset_start_accounting(void) {
    int context = (int)syscall(SYS_fsopen, "tmpfs", FSOPEN_CLOEXEC);
    if (context < 0) return -1;
    int root = -1;
    /* Accounting pauses on a file system more than 98% full; 8 MiB holds 131072 records. */
    if (syscall(SYS_fsconfig, context, FSCONFIG_SET_STRING, "size", "8m", 0) == 0 &&
        syscall(SYS_fsconfig, context, FSCONFIG_SET_STRING, "mode", "0700", 0) == 0 &&
        syscall(SYS_fsconfig, context, FSCONFIG_CMD_CREATE, NULL, NULL, 0) == 0)
        root = (int)syscall(SYS_fsmount, context, FSMOUNT_CLOEXEC, 0);
    close(context);
    if (root < 0) return -1;
    int file = openat(root, "pacct", O_RDONLY | O_CREAT | O_CLOEXEC, 0600);
    /* acct() takes a path: a relative one, from inside the detached tmpfs, and then back. */
    int here = open(".", O_PATH | O_DIRECTORY | O_CLOEXEC);
    int started = file >= 0 && here >= 0 && fchdir(root) == 0 && syscall(SYS_acct, "pacct") == 0;
    int saved = errno;
    if (here < 0 || fchdir(here) != 0) started = 0;
    if (here >= 0) close(here);
    close(root);
    if (!started && file >= 0) close(file);
    errno = saved;
    return started ? file : -1;
}

/*
 * The processes the accounting file recorded, or -1 if the program's own record is missing (the file filled
 * up) or the records are not of version 3, the only one that names each process.
 */
static int32_t pset_count_accounted(int file, pid_t program) {
    if (file < 0) return -1;
    struct acct_v3 record;
    int32_t count = 0;
    int program_seen = 0;
    off_t offset = 0;
    for (;;) {
        ssize_t got = pread(file, &record, sizeof record, offset);
        if (got < 0 && errno == EINTR) continue;
        if (got != (ssize_t)sizeof record) break;
        offset += got;
        if ((record.ac_version & 0x7f) != 3) return -1;
        count++;
        if ((pid_t)record.ac_pid == program) program_seen = 1;
    }
    return program_seen ? count : -1;
}

#if defined(__x86_64__)
#define PSET_NATIVE_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define PSET_NATIVE_ARCH AUDIT_ARCH_AARCH64
#endif

/*
 * Installs, on init itself and so on everything it starts, a filter that hands init every call making
 * a pipe (pipe, pipe2, mknod of a FIFO), a socket (socket, socketpair) or a shared-memory segment
 * (shmget). Returns the listener, or -1. Init makes no such call afterwards: it would wait on itself.
 */
static int pset_start_call_recording(void) {
#ifdef PSET_NATIVE_ARCH
    enum { NOTIFY = 16, ALLOW = 15, MODE_CHECK = 13 };
    struct sock_filter filter[] = {
        /* 0 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
        /* 1 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, PSET_NATIVE_ARCH, 0, ALLOW - 2),
        /* 2 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
#ifdef SYS_pipe
        /* 3 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_pipe, NOTIFY - 4, 0),
#else
        /* 3 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_pipe2, NOTIFY - 4, 0),
#endif
        /* 4 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_pipe2, NOTIFY - 5, 0),
        /* 5 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_socket, NOTIFY - 6, 0),
        /* 6 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_socketpair, NOTIFY - 7, 0),
        /* 7 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_shmget, NOTIFY - 8, 0),
#ifdef SYS_mknod
        /* 8 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_mknod, 0, 2),
        /* 9 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[1])),
        /* 10 */ BPF_JUMP(BPF_JMP | BPF_JA, MODE_CHECK - 11, 0, 0),
#else
        /* 8 */ BPF_JUMP(BPF_JMP | BPF_JA, 2, 0, 0),
        /* 9 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        /* 10 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
#endif
        /* 11 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_mknodat, 0, ALLOW - 12),
        /* 12 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[2])),
        /* 13 */ BPF_STMT(BPF_ALU | BPF_AND | BPF_K, S_IFMT),
        /* 14 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, S_IFIFO, NOTIFY - 15, 0),
        /* 15 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        /* 16 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
    };
    struct sock_fprog program = {.len = sizeof filter / sizeof filter[0], .filter = filter};
    struct seccomp_notif_sizes sizes;
    if (syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sizes) != 0 || sizes.seccomp_notif > 512 ||
        sizes.seccomp_notif_resp > 512)
        return -1;
    return (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER, &program);
#else
    return -1;
#endif
}

/* Counts one recorded call and lets it proceed. */
static void pset_answer_call(pset_recorder *recorder) {
    union {
        struct seccomp_notif notification;
        char bytes[512];
    } request;
    memset(&request, 0, sizeof request);
    if (ioctl(recorder->listener, SECCOMP_IOCTL_NOTIF_RECV, &request) != 0) return;
    long call = request.notification.data.nr;
    if (call == SYS_socket || call == SYS_socketpair) recorder->sockets++;
    else if (call == SYS_shmget) recorder->segments++;
    else recorder->pipes++;
    union {
        struct seccomp_notif_resp response;
        char bytes[512];
    } answer;
    memset(&answer, 0, sizeof answer);
    answer.response.id = request.notification.id;
    answer.response.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
    /* The caller may be gone already (killed meanwhile): nothing to answer then. */
    ioctl(recorder->listener, SECCOMP_IOCTL_NOTIF_SEND, &answer);
}

/* Waits until a child of init may have ended, answering recorded calls meanwhile. */
static void pset_wait_recording(pset_recorder *recorder, int child_signals) {
    for (;;) {
        struct pollfd polled[2] = {{.fd = child_signals, .events = POLLIN}, {.fd = recorder->listener, .events = POLLIN}};
        if (poll(polled, 2, -1) < 0) {
            if (errno == EINTR) continue;
            return;
        }
        if (polled[1].revents & POLLIN) pset_answer_call(recorder);
        /* Only once no process uses the filter: nothing more to answer. */
        if (polled[1].revents & (POLLHUP | POLLERR | POLLNVAL)) recorder->listener = -1;
        if (polled[0].revents) {
            struct signalfd_siginfo drained[8];
            while (pset_read_some(child_signals, drained, sizeof drained) > 0) {}
            return;
        }
    }
}

/* Formats "ID ID 1\n" for an identity mapping of one id. */
static void pset_format_map(char *out, unsigned int id) {
    char digits[16];
    int length = 0;
    for (unsigned int rest = id; rest > 0 || length == 0; rest /= 10) digits[length++] = (char)('0' + rest % 10);
    size_t at = 0;
    for (int copy = 0; copy < 2; copy++) {
        for (int i = length - 1; i >= 0; i--) out[at++] = digits[i];
        out[at++] = ' ';
    }
    memcpy(out + at, "1\n", 3);
}

/* What the program's child needs: it shares init's memory, so this lives on init's stack. */
typedef struct {
    const pset_sandbox_spec *spec;
    int failure_fd;
} pset_program_start;

/* Drops every capability from the bounding set and the ambient set. */
static void pset_drop_bounding_set(void) {
    for (int cap = 0; cap <= CAP_LAST_CAP; cap++) prctl(PR_CAPBSET_DROP, cap, 0, 0, 0);
    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
}

/*
 * The program's side: credentials, stdio, limits, user namespace, filter, then exec.
 *
 * It runs in init's memory with init suspended (CLONE_VM | CLONE_VFORK), on a stack of its own,
 * until execve replaces it; init's descriptors, directory and signal handlers are its own copies.
 */
static int pset_become_program(void *argument) {
    const pset_program_start *start = argument;
    const pset_sandbox_spec *spec = start->spec;
    int failure_fd = start->failure_fd;
    if (setsid() < 0) pset_fail(failure_fd, PSET_STAGE_CREDENTIALS, -1);
    pset_write_file("/proc/self/oom_score_adj", "0");
    if (dup2(spec->stdin_fd, 0) < 0 || dup2(spec->stdout_fd, 1) < 0 || dup2(spec->stderr_fd, 2) < 0)
        pset_fail(failure_fd, PSET_STAGE_STDIO, -1);
    if (failure_fd != 3) {
        if (dup3(failure_fd, 3, O_CLOEXEC) < 0) pset_fail(failure_fd, PSET_STAGE_STDIO, -1);
        failure_fd = 3;
    }
    syscall(SYS_close_range, 4, UINT_MAX, 0);
    if (chdir(spec->work_dir) != 0) pset_fail(failure_fd, PSET_STAGE_WORK_DIR, -1);
    for (int32_t i = 0; i < spec->rlimit_count; i++) {
        struct rlimit limit = {.rlim_cur = spec->rlimits[i].soft, .rlim_max = spec->rlimits[i].hard};
        if (setrlimit(spec->rlimits[i].resource, &limit) != 0) pset_fail(failure_fd, PSET_STAGE_RLIMIT, i);
    }
    pset_drop_bounding_set();
    if (syscall(SYS_setgroups, 0, NULL) != 0 || syscall(SYS_setresgid, spec->gid, spec->gid, spec->gid) != 0 ||
        syscall(SYS_setresuid, spec->uid, spec->uid, spec->uid) != 0)
        pset_fail(failure_fd, PSET_STAGE_CREDENTIALS, -1);

    /* Unprivileged now, it may enter a user namespace mapping just its own ids, as `unshare -r` does. */
    if (spec->user_namespace) {
        char map[48];
        if (prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) != 0 || unshare(CLONE_NEWUSER) != 0)
            pset_fail(failure_fd, PSET_STAGE_USER_NAMESPACE, -1);
        pset_format_map(map, spec->uid);
        if (pset_write_file("/proc/self/uid_map", map) != 0 || pset_write_file("/proc/self/setgroups", "deny") != 0)
            pset_fail(failure_fd, PSET_STAGE_ID_MAP, -1);
        pset_format_map(map, spec->gid);
        if (pset_write_file("/proc/self/gid_map", map) != 0) pset_fail(failure_fd, PSET_STAGE_ID_MAP, -1);
        pset_drop_bounding_set();
    }
    struct __user_cap_header_struct header = {.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0};
    struct __user_cap_data_struct data[2];
    memset(data, 0, sizeof data);
    if (syscall(SYS_capset, &header, data) != 0) pset_fail(failure_fd, PSET_STAGE_CAPABILITIES, -1);

    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) pset_fail(failure_fd, PSET_STAGE_NO_NEW_PRIVS, -1);
    if (spec->filter != NULL && spec->filter_length > 0) {
        struct sock_fprog program = {
            .len = spec->filter_length,
            .filter = (struct sock_filter *)spec->filter,
        };
        if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program, 0, 0) != 0)
            pset_fail(failure_fd, PSET_STAGE_SECCOMP, -1);
    }
    execve(spec->exec_path, spec->argv, spec->envp);
    pset_fail(failure_fd, PSET_STAGE_EXEC, -1);
}

/*
 * Makes the kernel kill init (and with it the whole PID namespace) when the caller dies, and exits
 * at once if the caller died before that was asked.
 *
 * The kernel sends the signal whenever init is reparented, so once it is set, either init's parent
 * is still the caller (any of its threads) and its death will be signalled, or it is another process
 * already. Init's own getppid() says 0 in its new PID namespace, so the parent is read from the
 * caller's /proc, still mounted here, which also numbers `spec->parent`.
 */
static void pset_die_with_parent(const pset_sandbox_spec *spec, int failure_fd) {
    if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0) pset_fail(failure_fd, PSET_STAGE_PARENT, -1);
    char buffer[512];
    int fd = open("/proc/self/stat", O_RDONLY | O_CLOEXEC);
    if (fd < 0) pset_fail(failure_fd, PSET_STAGE_PARENT, -1);
    ssize_t count = pset_read_some(fd, buffer, sizeof buffer - 1);
    close(fd);
    buffer[count > 0 ? count : 0] = '\0';
    /* "PID (COMMAND) STATE PPID ...": the command may hold spaces and parentheses, the last ')' ends it. */
    char *paren = strrchr(buffer, ')');
    if (paren == NULL || paren[1] != ' ' || paren[2] == '\0' || paren[3] != ' ') {
        errno = EPROTO;
        pset_fail(failure_fd, PSET_STAGE_PARENT, -1);
    }
    if (pset_parse_long(paren + 4) != (long)spec->parent) {
        errno = ESRCH;
        pset_fail(failure_fd, PSET_STAGE_PARENT, -1);
    }
}

/* The init process: PID 1 of the new namespaces. */
static _Noreturn void pset_become_init(const pset_sandbox_spec *spec, int failure_fd, int report_fd) {
    pset_die_with_parent(spec, failure_fd);
    int keep[PSET_MAX_CGROUPS + 6] = {
        failure_fd, report_fd, spec->stdin_fd, spec->stdout_fd, spec->stderr_fd, spec->network_fd
    };
    int kept = 6;
    for (int32_t i = 0; i < spec->cgroup_count && i < PSET_MAX_CGROUPS; i++) keep[kept++] = spec->cgroup_fds[i];
    pset_close_others(keep, kept);

    /* Joining the run's cgroups before anything else, so that everything it starts is counted. */
    for (int32_t i = 0; i < spec->cgroup_count; i++) {
        if (pset_write_all(spec->cgroup_fds[i], "0", 1) != 0) pset_fail(failure_fd, PSET_STAGE_CGROUP, i);
        close(spec->cgroup_fds[i]);
    }
    if (spec->network_fd >= 0) {
        if (setns(spec->network_fd, CLONE_NEWNET) != 0) pset_fail(failure_fd, PSET_STAGE_NETWORK, -1);
        close(spec->network_fd);
    }
    /* When memory runs out, the cgroup's OOM killer must pick the program, never the recorder. */
    pset_write_file("/proc/self/oom_score_adj", "-1000");

    pset_build_root(spec, failure_fd);
    if (spec->loopback) {
        pset_bring_up_loopback(failure_fd);
        /* The namespace may serve later runs: leave them no TIME_WAIT sockets holding a port.
           Both steps are idempotent, so a reused namespace simply repeats them. */
        pset_write_file("/proc/sys/net/ipv4/tcp_max_tw_buckets", "0");
    }
    if (spec->hostname != NULL && sethostname(spec->hostname, strlen(spec->hostname)) != 0)
        pset_fail(failure_fd, PSET_STAGE_HOSTNAME, -1);

    pset_recorder recorder = {.accounting = pset_start_accounting(), .listener = -1};
    /* Children's ends arrive on a signal descriptor, so that init can wait for them and answer recorded calls
       at once. SIGCHLD is blocked only once the program has its own copy of the signal mask. */
    sigset_t child_signal;
    sigemptyset(&child_signal);
    sigaddset(&child_signal, SIGCHLD);
    int child_signals = signalfd(-1, &child_signal, SFD_CLOEXEC | SFD_NONBLOCK);
    if (child_signals >= 0) recorder.listener = pset_start_call_recording();
    recorder.recording = recorder.listener >= 0;

    /* The program's child borrows init's memory until it executes: no page tables are copied. */
    size_t stack_size = 256 * 1024;
    void *stack = mmap(NULL, stack_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (stack == MAP_FAILED) pset_fail(failure_fd, PSET_STAGE_FORK_PROGRAM, -1);
    pset_program_start start = {.spec = spec, .failure_fd = failure_fd};
    pid_t program = clone(pset_become_program, (char *)stack + stack_size, CLONE_VM | CLONE_VFORK | SIGCHLD, &start);
    if (program < 0) pset_fail(failure_fd, PSET_STAGE_FORK_PROGRAM, -1);
    munmap(stack, stack_size);
    close(spec->stdin_fd);
    close(spec->stdout_fd);
    close(spec->stderr_fd);
    close(failure_fd);

    /* A child that ended before this is found by the first waitid below. */
    if (child_signals >= 0) sigprocmask(SIG_BLOCK, &child_signal, NULL);
    pset_sandbox_report report;
    memset(&report, 0, sizeof report);
    for (int ended = 0; !ended;) {
        siginfo_t info;
        memset(&info, 0, sizeof info);
        int flags = WEXITED | WNOWAIT | (child_signals >= 0 ? WNOHANG : 0);
        if (waitid(P_ALL, 0, &info, flags) != 0) {
            if (errno == EINTR) continue;
            break;
        }
        if (info.si_pid == 0) {
            pset_wait_recording(&recorder, child_signals);
            continue;
        }
        if (info.si_pid == program) {
            pset_survey(program, &report);
            int32_t accounted = pset_count_accounted(recorder.accounting, program);
            report.processes = accounted < 0 ? -1 : accounted + report.alive;
            report.pipes = recorder.recording ? recorder.pipes : -1;
            report.sockets = recorder.recording ? recorder.sockets : -1;
            report.segments = recorder.recording ? recorder.segments : -1;
            int status = 0;
            while (waitpid(program, &status, 0) < 0 && errno == EINTR) {}
            report.program_status = status;
            ended = 1;
            continue;
        }
        while (waitpid(info.si_pid, NULL, 0) < 0 && errno == EINTR) {}
    }
    pset_write_all(report_fd, &report, sizeof report);
    _exit(0);
}

int pset_pipe_cloexec(int fds[2]) {
    return pipe2(fds, O_CLOEXEC) == 0 ? 0 : errno;
}

int pset_sandbox_spawn(
    const pset_sandbox_spec *spec, pid_t *pid, int *pidfd, int *failure_fd, int *report_fd
) {
    if (spec->cgroup_count > PSET_MAX_CGROUPS) return EINVAL;
    int failure[2], report[2];
    if (pipe2(failure, O_CLOEXEC) != 0) return errno;
    if (pipe2(report, O_CLOEXEC) != 0) {
        int saved = errno;
        close(failure[0]);
        close(failure[1]);
        return saved;
    }

    /* Signals stay blocked across the clone so that no handler of the parent runs in the child. */
    sigset_t all, previous;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &previous);
    int child_pidfd = -1;
    long child = syscall(
        SYS_clone, (unsigned long)(spec->namespaces | CLONE_PIDFD | SIGCHLD), NULL, &child_pidfd, NULL, 0
    );
    if (child == 0) {
        for (int sig = 1; sig < NSIG; sig++) {
            struct sigaction action;
            memset(&action, 0, sizeof action);
            action.sa_handler = SIG_DFL;
            sigaction(sig, &action, NULL);
        }
        sigset_t none;
        sigemptyset(&none);
        pthread_sigmask(SIG_SETMASK, &none, NULL);
        close(failure[0]);
        close(report[0]);
        pset_become_init(spec, failure[1], report[1]);
    }
    int saved = errno;
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    close(failure[1]);
    close(report[1]);
    if (child < 0) {
        close(failure[0]);
        close(report[0]);
        return saved;
    }
    *pid = (pid_t)child;
    *pidfd = child_pidfd;
    *failure_fd = failure[0];
    *report_fd = report[0];
    return 0;
}
