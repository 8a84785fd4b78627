/* A spin lock that waits for the flag to clear and then sets it in a separate step. */
#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>

atomic_int busy;
int holders = 0;
int total = 0;

void *worker(void *arg) {
    for (int i = 0; i < 3; i++) {
        while (atomic_load(&busy)) {
        }
        atomic_store(&busy, 1);
        holders++;
        assert(holders == 1);
        total++;
        holders--;
        atomic_store(&busy, 0);
    }
    return arg;
}

int main(void) {
    pthread_t t1, t2;
    pthread_create(&t1, NULL, worker, NULL);
    pthread_create(&t2, NULL, worker, NULL);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    assert(total == 6);
    return 0;
}
