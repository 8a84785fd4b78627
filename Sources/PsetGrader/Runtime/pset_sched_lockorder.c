/*
 * Lock order: which locks a thread holds as it takes another, for predicting deadlocks.
 *
 * With PSET_SCHED_LOCKORDER set, every blocking acquisition of a mutex, spinlock or write lock while the
 * thread holds others is an edge "held -> taken", remembered with the thread and the other locks held
 * (gates: two threads that hold a common lock can never wait for each other across these edges). The
 * edges are printed at the end; the grader looks for cycles. Slots are reused by later threads, so two
 * threads can share a number: a cycle between them is missed, never invented.
 */
#include "pset_sched.h"

#include <stdio.h>
#include <string.h>

#define HELD_CAP 32
#define ORDER_CAP 1024
#define GATE_CAP 8

struct held_lock {
    const void *lock;
    void *caller;
};

struct order_edge {
    int thread;
    const void *first;
    const void *second;
    void *first_caller;
    void *second_caller;
    /* -1 when the thread held more locks than are kept: the grader then counts the edge as gated. */
    int gate_count;
    const void *gates[GATE_CAP];
};

int lock_order;
static struct held_lock held[MAX_THREADS][HELD_CAP];
static int held_count[MAX_THREADS];
static int held_overflow[MAX_THREADS];
static struct order_edge order_edges[ORDER_CAP];
static int order_count;

static void record_order(int me, int first, const void *second) {
    struct order_edge edge = {.thread = me, .first = held[me][first].lock, .second = second,
                              .first_caller = held[me][first].caller, .second_caller = threads[me].caller};
    for (int i = 0; i < held_count[me] && edge.gate_count >= 0; i++) {
        if (i == first) continue;
        if (edge.gate_count == GATE_CAP) edge.gate_count = -1;
        else edge.gates[edge.gate_count++] = held[me][i].lock;
    }
    if (held_overflow[me]) edge.gate_count = -1;
    for (int i = 0; i < order_count; i++) {
        struct order_edge *seen = &order_edges[i];
        if (seen->thread == me && seen->first == edge.first && seen->second == second &&
            seen->gate_count == edge.gate_count &&
            (edge.gate_count <= 0 || memcmp(seen->gates, edge.gates, sizeof edge.gates[0] * edge.gate_count) == 0))
            return;
    }
    if (order_count < ORDER_CAP) order_edges[order_count++] = edge;
}

/* With the big lock held: `me` has taken `lock` (by a call that could block unless `try_only`). */
void note_acquired(int me, const void *lock, int try_only) {
    if (!lock_order) return;
    int kept = 0;
    /* Forget locks the thread no longer owns: released on a path not seen here, or held by a slot's last user. */
    for (int i = 0; i < held_count[me]; i++) {
        struct object *object = find_object(held[me][i].lock);
        if (object && object->owner == me) held[me][kept++] = held[me][i];
    }
    held_count[me] = kept;
    if (kept == 0) held_overflow[me] = 0;
    if (!try_only) {
        for (int i = 0; i < kept; i++) record_order(me, i, lock);
    }
    if (kept < HELD_CAP) held[me][held_count[me]++] = (struct held_lock){.lock = lock, .caller = threads[me].caller};
    else held_overflow[me] = 1;
}

/* With the big lock held: `me` has let go of `lock`. */
void note_released(int me, const void *lock) {
    if (!lock_order) return;
    for (int i = held_count[me] - 1; i >= 0; i--) {
        if (held[me][i].lock != lock) continue;
        memmove(&held[me][i], &held[me][i + 1], sizeof held[me][0] * (size_t)(held_count[me] - i - 1));
        held_count[me]--;
        return;
    }
}

void print_lock_order(void) {
    if (!lock_order) return;
    for (int i = 0; i < order_count; i++) {
        const struct order_edge *edge = &order_edges[i];
        char gates[GATE_CAP * 20 + 2] = "-";
        if (edge->gate_count < 0) snprintf(gates, sizeof gates, "?");
        for (int g = 0, at = 0; g < edge->gate_count; g++)
            at += snprintf(gates + at, sizeof gates - (size_t)at, "%s%lx", g ? "," : "",
                           (unsigned long)(uintptr_t)edge->gates[g]);
        char first_at[300], second_at[300], start[300];
        locate(edge->first_caller, first_at, sizeof first_at);
        locate(edge->second_caller, second_at, sizeof second_at);
        locate((const void *)threads[edge->thread].start, start, sizeof start);
        say("@@pset order thread=%d first=%lx second=%lx gates=%s first_at=%s second_at=%s start=%s", edge->thread,
            (unsigned long)(uintptr_t)edge->first, (unsigned long)(uintptr_t)edge->second, gates, first_at,
            second_at, start);
    }
    if (order_count == ORDER_CAP) say("@@pset order-full");
}

