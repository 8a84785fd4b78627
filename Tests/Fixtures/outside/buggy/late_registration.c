/* Workers count their jobs under a lock, then register once done with a check-then-act on a plain slot count. */
#include <assert.h>
#include <pthread.h>

#define JOBS 100

pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
long jobs_done = 0;
int registered[2];
int slots = 0;

void *worker(void *arg) {
    for (int i = 0; i < JOBS; i++) {
        pthread_mutex_lock(&m);
        jobs_done++;
        pthread_mutex_unlock(&m);
    }
    int slot = slots;
    registered[slot] = (int)(long)arg;
    slots = slot + 1;
    return NULL;
}

int main(void) {
    pthread_t a, b;
    pthread_create(&a, NULL, worker, (void *)1L);
    pthread_create(&b, NULL, worker, (void *)2L);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    assert(jobs_done == 2 * JOBS);
    assert(slots == 2 && registered[0] + registered[1] == 3);
    return 0;
}
