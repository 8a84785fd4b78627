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
 * The mapping of this process that holds `address`, read from /proc/self/maps with plain system calls
 * and no memory allocated (so the program's heap is as it would be without the runtime); false when
 * the file cannot be read or no mapping holds it.
 */
int find_mapping(const void *address, uintptr_t *low, uintptr_t *high, int *shared) {
    int fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    uintptr_t wanted = (uintptr_t)address;
    char chunk[4096], line[512];
    size_t used = 0;
    int found = 0;
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
            uintptr_t from = strtoull(line, &end, 16);
            if (*end != '-') continue;
            uintptr_t to = strtoull(end + 1, &end, 16);
            if (wanted < from || wanted >= to || end[0] != ' ' || strlen(end) < 5) continue;
            found = 1;
            *low = from;
            *high = to;
            *shared = end[4] == 's';
        }
    }
    close(fd);
    return found;
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
