/* Consumers wait on a condition in a `while` loop that rechecks the count. */
#include <assert.h>
#include <pthread.h>

pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t nonempty = PTHREAD_COND_INITIALIZER;
int count = 0;

void *consumer(void *arg) {
    pthread_mutex_lock(&m);
    while (count == 0) pthread_cond_wait(&nonempty, &m);
    count--;
    assert(count >= 0);
    pthread_mutex_unlock(&m);
    return arg;
}

void *producer(void *arg) {
    for (int i = 0; i < 2; i++) {
        pthread_mutex_lock(&m);
        count++;
        pthread_cond_broadcast(&nonempty);
        pthread_mutex_unlock(&m);
    }
    return arg;
}

int main(void) {
    pthread_t c1, c2, p;
    pthread_create(&c1, NULL, consumer, NULL);
    pthread_create(&c2, NULL, consumer, NULL);
    pthread_create(&p, NULL, producer, NULL);
    pthread_join(c1, NULL);
    pthread_join(c2, NULL);
    pthread_join(p, NULL);
    return 0;
}
