/*
 * The modelled synchronisation objects: mutexes, condition variables, semaphores and the rest, keyed by
 * their address in an open-addressing table. The program's own objects are never touched (those in
 * memory shared with other processes excepted, which pass through to the C library).
 */
#include "pset_sched.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct object objects[MAX_OBJECTS];

static size_t object_slot(const void *address) {
    uintptr_t key = (uintptr_t)address;
    key ^= key >> 17;
    key *= 0xed5ad4bbU;
    return (size_t)(key % MAX_OBJECTS);
}

struct object *find_object(const void *address) {
    size_t slot = object_slot(address);
    for (size_t probe = 0; probe < MAX_OBJECTS; probe++) {
        struct object *candidate = &objects[(slot + probe) % MAX_OBJECTS];
        if (candidate->address == address) return candidate;
        if (candidate->address == NULL) return NULL;
    }
    return NULL;
}

static void clear_object(struct object *object, const void *address, enum kind kind) {
    memset(object, 0, sizeof *object);
    object->address = address;
    object->kind = kind;
    object->owner = -1;
}

struct object *object_for(const void *address, enum kind kind) {
    struct object *found = find_object(address);
    if (found) {
        if (found->kind != kind) clear_object(found, address, kind);
        return found;
    }
    size_t slot = object_slot(address);
    for (size_t probe = 0; probe < MAX_OBJECTS; probe++) {
        struct object *candidate = &objects[(slot + probe) % MAX_OBJECTS];
        if (candidate->address == NULL) {
            clear_object(candidate, address, kind);
            return candidate;
        }
    }
    say("@@pset fatal too many synchronisation objects (more than %d)", MAX_OBJECTS);
    _exit(FATAL_STATUS);
}

/* Forget an object's state; its slot stays as a tombstone so probing still works. */
void reset_object(const void *address, enum kind kind) {
    struct object *found = find_object(address);
    if (found) clear_object(found, address, kind);
}

/*
 * Calls `visit` with each mapping of this process, in address order, until it returns nonzero, and returns
 * that (0 when it never did, -1 when /proc/self/maps cannot be read). Plain system calls and no memory
 * allocated, so the program's heap, and whatever garbage it reads from it, is as it would be without the
 * runtime.
 */
int each_mapping(int (*visit)(const struct mapping *, void *), void *context) {
    int fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    char chunk[4096], line[512];
    size_t used = 0;
    int stop = 0;
    ssize_t got;
    while (!stop && (got = read(fd, chunk, sizeof chunk)) > 0) {
        for (ssize_t i = 0; i < got && !stop; i++) {
            if (chunk[i] != '\n') {
                if (used < sizeof line - 1) line[used++] = chunk[i];
                continue;
            }
            line[used] = 0;
            used = 0;
            /* low-high perms offset device inode [path] */
            struct mapping found = {0};
            char *end;
            found.low = strtoull(line, &end, 16);
            if (*end != '-') continue;
            found.high = strtoull(end + 1, &end, 16);
            if (end[0] != ' ' || strlen(end) < 5) continue;
            memcpy(found.perms, end + 1, sizeof found.perms);
            char *path = end + 5;
            for (int field = 0; field < 3; field++) {
                while (*path == ' ') path++;
                while (*path && *path != ' ') path++;
            }
            while (*path == ' ') path++;
            found.named = *path != 0;
            found.stack = strcmp(path, "[stack]") == 0;
            found.heap = strcmp(path, "[heap]") == 0;
            stop = visit(&found, context);
        }
    }
    close(fd);
    return stop;
}

struct wanted_mapping {
    uintptr_t address;
    struct mapping found;
};

static int holds(const struct mapping *mapping, void *context) {
    struct wanted_mapping *wanted = context;
    if (wanted->address < mapping->low || wanted->address >= mapping->high) return 0;
    wanted->found = *mapping;
    return 1;
}

/* The mapping of this process that holds `address`; false when the file cannot be read or no mapping holds it. */
int find_mapping(const void *address, uintptr_t *low, uintptr_t *high, int *shared) {
    struct wanted_mapping wanted = {.address = (uintptr_t)address};
    if (each_mapping(holds, &wanted) != 1) return 0;
    *low = wanted.found.low;
    *high = wanted.found.high;
    *shared = wanted.found.perms[3] == 's';
    return 1;
}

/*
 * Whether `address` lies in a shared mapping (mmap MAP_SHARED, System V or POSIX shared memory): only
 * there can another process reach an object. A process-shared mutex or semaphore anywhere else is
 * reachable by this process's threads alone -- a thread program that passes pshared=1 by habit -- so
 * it is modelled like any other. Unknown counts as shared.
 */
int in_shared_mapping(const void *address) {
    uintptr_t low, high;
    int shared;
    return find_mapping(address, &low, &high, &shared) ? shared : 1;
}

int is_passthrough(const void *address) {
    struct object *found = find_object(address);
    return found && found->passthrough;
}
