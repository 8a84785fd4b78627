/*
 * The fork server's protocol, between the batch driver (pset_batch.c) and the runtime it preloads
 * (pset_sched_forkserver.c), in native byte order, on descriptors the driver sets up before the exec:
 *   server -> driver, on FORK_SERVER_STATUS: the word FORK_SERVER_HELLO once, then per seed the child's
 *     wait status once it has ended;
 *   server -> driver, on FORK_SERVER_PIDS: per seed, right after the fork, the child's pid (a process group
 *     of its own; -1 if fork failed, and the server stops). The driver reads it only once the status came or
 *     the time ran out, so a schedule wakes the driver once;
 *   driver -> server, on FORK_SERVER_CONTROL: a seed, 8 bytes; end of file stops the server.
 * The server starts only when PSET_FORK_SERVER is set. The driver and the server each pin themselves to the
 * CPU of the lane PSET_SCHED_CPU names (pin_to_lane), and every schedule's process inherits the server's.
 */
#ifndef PSET_FORKSERVER_H
#define PSET_FORKSERVER_H

#define FORK_SERVER_CONTROL 198
#define FORK_SERVER_STATUS 199
#define FORK_SERVER_PIDS 200
_Static_assert(FORK_SERVER_STATUS == FORK_SERVER_CONTROL + 1 && FORK_SERVER_PIDS == FORK_SERVER_STATUS + 1,
               "a schedule's process closes the three in one range");
#define FORK_SERVER_HELLO 0x70736574u

#include <sched.h>
#include <stdlib.h>

/*
 * Pins the calling process to one of the CPUs it may use, the `lane`-th (PSET_SCHED_CPU): only one of a
 * program's threads runs at a time, so it loses nothing by staying on one CPU, and every hand-over of the
 * baton becomes a same-CPU wake-up. The batch driver takes the lane of the server it drives, so the
 * driver, the server and each schedule's process wake one another without crossing CPUs; parallel
 * batches take different lanes.
 */
static inline void pin_to_lane(const char *lane) {
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

#endif
