/* The waiter waits on a condition variable with no predicate: a signal sent before it waits is lost. */
#include <pthread.h>
#include <stdio.h>

pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t go = PTHREAD_COND_INITIALIZER;

void *waiter(void *arg) {
    pthread_mutex_lock(&m);
    pthread_cond_wait(&go, &m);
    pthread_mutex_unlock(&m);
    puts("released");
    return arg;
}

int main(void) {
    pthread_t t;
    pthread_create(&t, NULL, waiter, NULL);
    pthread_mutex_lock(&m);
    pthread_cond_signal(&go);
    pthread_mutex_unlock(&m);
    pthread_join(t, NULL);
    return 0;
}
