/* Each worker retries its trylock, yielding, until it gets the lock: no add is lost. */
#include <assert.h>
#include <pthread.h>
#include <sched.h>

#define WORKERS 3
#define ADDS 5

pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
long sum = 0;

void *worker(void *arg) {
    for (int i = 0; i < ADDS; i++) {
        while (pthread_mutex_trylock(&m) != 0) sched_yield();
        sum += 1;
        pthread_mutex_unlock(&m);
    }
    return arg;
}

int main(void) {
    pthread_t t[WORKERS];
    for (int i = 0; i < WORKERS; i++) pthread_create(&t[i], NULL, worker, NULL);
    for (int i = 0; i < WORKERS; i++) pthread_join(t[i], NULL);
    assert(sum == WORKERS * ADDS);
    return 0;
}
