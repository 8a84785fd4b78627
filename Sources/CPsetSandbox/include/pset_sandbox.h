#ifndef PSET_SANDBOX_H
#define PSET_SANDBOX_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* What the sandbox's init process does to build one entry of the new root. */
typedef enum {
    PSET_MOUNT_BIND = 0,    /* bind `source` (a host path) at `target`, over what is there if it exists */
    PSET_MOUNT_TMPFS = 1,   /* mount a tmpfs at `target` with `source` as its options */
    PSET_MOUNT_PROC = 2,    /* mount the new PID namespace's proc at `target` with `source` as its options */
    PSET_MOUNT_SYMLINK = 3, /* create `target` as a symbolic link to `source` */
    PSET_MOUNT_FILE = 4,    /* create `target` holding the `length` bytes of `source` */
    PSET_MOUNT_DIR = 5,     /* create the directory `target` with `mode` */
} pset_mount_kind;

/* Flags of a mount entry. */
enum {
    PSET_MOUNT_READ_ONLY = 1,
    PSET_MOUNT_NO_DEVICES = 2,
    PSET_MOUNT_NO_EXEC = 4,
};

/* One entry of the new root; `target` is absolute inside the sandbox. */
typedef struct {
    int32_t kind;
    int32_t flags;
    const char *_Nullable source;
    const char *_Nonnull target;
    size_t length;
    uint32_t mode;
} pset_mount;

/* One resource limit set on the program before it executes. */
typedef struct {
    int32_t resource;
    uint64_t soft;
    uint64_t hard;
} pset_rlimit;

/* One instruction of a classic BPF program, laid out as the kernel's `struct sock_filter`. */
typedef struct {
    uint16_t code;
    uint8_t jt;
    uint8_t jf;
    uint32_t k;
} pset_sock_filter;

/* Everything the child processes need, decided beforehand by the Swift side. */
typedef struct {
    /* Host directory on which the new root (a tmpfs with `root_options`) is mounted. */
    const char *_Nonnull root;
    const char *_Nonnull root_options;
    const pset_mount *_Nullable mounts;
    int32_t mount_count;
    const char *_Nullable hostname;
    /* CLONE_NEW* flags of the init process (PID, mount, IPC, network, UTS). */
    int32_t namespaces;
    /* Whether the program gets its own user namespace mapping only `uid` and `gid`. */
    int32_t user_namespace;
    int32_t loopback;
    uid_t uid;
    gid_t gid;
    const char *_Nonnull exec_path;
    char *_Nullable const *_Nonnull argv;
    char *_Nullable const *_Nonnull envp;
    const char *_Nonnull work_dir;
    int32_t stdin_fd;
    int32_t stdout_fd;
    int32_t stderr_fd;
    const pset_rlimit *_Nullable rlimits;
    int32_t rlimit_count;
    const pset_sock_filter *_Nullable filter;
    uint16_t filter_length;
    /* A network namespace to join instead of creating one (-1 for none); its loopback is up. */
    int32_t network_fd;
    /* Open `cgroup.procs` files init writes itself into before anything else. */
    const int32_t *_Nullable cgroup_fds;
    int32_t cgroup_count;
    /* The caller's PID as the caller's /proc numbers it: init's parent must still be this process once
       init has asked to be killed when its parent dies, else the caller died first and init exits. */
    pid_t parent;
} pset_sandbox_spec;

/* The most cgroups a run can join. */
#define PSET_MAX_CGROUPS 8

/* The step of the set-up that failed in a child, as sent over the failure pipe. */
typedef enum {
    PSET_STAGE_CGROUP = 1,
    PSET_STAGE_NETWORK,
    PSET_STAGE_MOUNT_PRIVATE,
    PSET_STAGE_MOUNT_ROOT,
    PSET_STAGE_MOUNT_ENTRY,
    PSET_STAGE_PIVOT_ROOT,
    PSET_STAGE_LOOPBACK,
    PSET_STAGE_HOSTNAME,
    PSET_STAGE_FORK_PROGRAM,
    PSET_STAGE_USER_NAMESPACE,
    PSET_STAGE_ID_MAP,
    PSET_STAGE_CREDENTIALS,
    PSET_STAGE_STDIO,
    PSET_STAGE_WORK_DIR,
    PSET_STAGE_RLIMIT,
    PSET_STAGE_NO_NEW_PRIVS,
    PSET_STAGE_CAPABILITIES,
    PSET_STAGE_SECCOMP,
    PSET_STAGE_EXEC,
    PSET_STAGE_PARENT,
} pset_stage;

/* A child's failure: the stage, the errno, and for mount entries the entry's index. */
typedef struct {
    int32_t stage;
    int32_t error;
    int32_t index;
} pset_sandbox_failure;

/* What init saw when the program ended, sent over the report pipe before init exits. */
typedef struct {
    int32_t program_status; /* a wait status */
    int32_t last_pid;       /* the namespace's last PID: tasks created, init included */
    int32_t alive;
    int32_t zombies;
    int32_t shm_segments;
    int32_t semaphore_sets;
    int32_t message_queues;
    /* Processes (not threads) created, the program included, from the PID namespace's process
       accounting; -1 when it could not be recorded. */
    int32_t processes;
    /* System calls that made pipes (pipe, pipe2, mknod of a FIFO), sockets (socket, socketpair) and
       System V shared-memory segments (shmget); -1 each when they could not be recorded. */
    int32_t pipes;
    int32_t sockets;
    int32_t segments;
} pset_sandbox_report;

/* Creates a pipe whose two ends are close-on-exec from the start; returns 0 or an errno value. */
int pset_pipe_cloexec(int fds[_Nonnull 2]);

/*
 * Starts the sandbox's init process, which builds the sandbox and starts the program in it.
 *
 * On success returns 0 and sets `pid` (in the caller's PID namespace), `pidfd`, and two
 * close-on-exec descriptors to read once init has exited: `failure_fd` (a pset_sandbox_failure if
 * a step before the program's execve failed, else nothing) and `report_fd` (a
 * pset_sandbox_report if init saw the program end). Returns an errno value otherwise.
 *
 * Init is killed when the calling thread ends, so that thread must outlive the run.
 */
int pset_sandbox_spawn(
    const pset_sandbox_spec *_Nonnull spec,
    pid_t *_Nonnull pid,
    int *_Nonnull pidfd,
    int *_Nonnull failure_fd,
    int *_Nonnull report_fd
);

#endif
