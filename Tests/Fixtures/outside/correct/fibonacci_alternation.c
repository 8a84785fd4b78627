/* Two threads grow a pair of shared numbers in turn under a lock; no interleaving passes the true bound. */
#include <assert.h>
#include <pthread.h>

#define ROUNDS 4

int i = 1, j = 1;
pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

void *grow_i(void *arg) {
    for (int k = 0; k < ROUNDS; k++) {
        pthread_mutex_lock(&m);
        i = i + j;
        pthread_mutex_unlock(&m);
    }
    return arg;
}

void *grow_j(void *arg) {
    for (int k = 0; k < ROUNDS; k++) {
        pthread_mutex_lock(&m);
        j = j + i;
        pthread_mutex_unlock(&m);
    }
    return arg;
}

int main(void) {
    pthread_t a, b;
    pthread_create(&a, NULL, grow_i, NULL);
    pthread_create(&b, NULL, grow_j, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    /* Strict alternation gives the largest values: 34 for the first to move, 55 for the other. */
    assert(i <= 55 && j <= 55);
    return 0;
}
