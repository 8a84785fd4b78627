/*
 * The fork server's protocol, between the batch driver (pset_batch.c) and the runtime it preloads
 * (pset_sched_forkserver.c), in native byte order, on descriptors the driver sets up before the exec:
 *   server -> driver, on FORK_SERVER_STATUS: the word FORK_SERVER_HELLO once, then per seed the child's
 *     wait status once it has ended, with FORK_SERVER_LIVES set when the schedule ended by exit() and its
 *     process was put back to serve the next seed (pset_sched_reuse.c) rather than ending;
 *   server -> driver, on FORK_SERVER_PIDS: per seed, right after the fork, the child's pid (a process group
 *     of its own; -1 if fork failed, and the server stops). The driver reads it only once the status came or
 *     the time ran out, so a schedule wakes the driver once;
 *   driver -> server, on FORK_SERVER_CONTROL: a seed, 8 bytes; end of file stops the server.
 * The server starts only when PSET_FORK_SERVER is set; its schedules run threads as fibers when
 * PSET_SCHED_FIBERS is set too (and the runtime finds them able to).
 */
#ifndef PSET_FORKSERVER_H
#define PSET_FORKSERVER_H

#define FORK_SERVER_CONTROL 198
#define FORK_SERVER_STATUS 199
#define FORK_SERVER_PIDS 200
_Static_assert(FORK_SERVER_STATUS == FORK_SERVER_CONTROL + 1 && FORK_SERVER_PIDS == FORK_SERVER_STATUS + 1,
               "a schedule's process closes the three in one range");
#define FORK_SERVER_HELLO 0x70736574u
/* Outside any wait status: the schedule's process lives on, with no other process of the schedule's left. */
#define FORK_SERVER_LIVES (1 << 24)
/* The exit status of a schedule run as fibers that fibers cannot show (pset_sched_fibers.c): the driver runs
 * it, and the rest, again with kernel threads. A program that exits with it itself is only run again so. */
#define FORK_SERVER_FALLBACK 88

#endif
