/* Peterson's algorithm with the turn given to oneself instead of the other thread. */
#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>

atomic_int flag[2];
atomic_int turn;
int inside = 0;

void *process(void *arg) {
    int me = (int)(long)arg, other = 1 - me;
    for (int round = 0; round < 2; round++) {
        atomic_store(&flag[me], 1);
        atomic_store(&turn, me);
        while (atomic_load(&flag[other]) && atomic_load(&turn) == other) {
        }
        inside++;
        assert(inside == 1);
        inside--;
        atomic_store(&flag[me], 0);
    }
    return NULL;
}

int main(void) {
    pthread_t t0, t1;
    pthread_create(&t0, NULL, process, (void *)0L);
    pthread_create(&t1, NULL, process, (void *)1L);
    pthread_join(t0, NULL);
    pthread_join(t1, NULL);
    return 0;
}
