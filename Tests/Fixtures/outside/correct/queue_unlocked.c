/* Two producers append to a shared queue under a mutex. */
#include <assert.h>
#include <pthread.h>

#define CAPACITY 16

int queue[CAPACITY];
int tail = 0;
pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

void enqueue(int value) {
    pthread_mutex_lock(&m);
    queue[tail] = value;
    tail++;
    pthread_mutex_unlock(&m);
}

void *producer(void *arg) {
    int base = (int)(long)arg;
    for (int i = 0; i < 3; i++) enqueue(base + i);
    return NULL;
}

int main(void) {
    pthread_t p1, p2;
    pthread_create(&p1, NULL, producer, (void *)10L);
    pthread_create(&p2, NULL, producer, (void *)20L);
    pthread_join(p1, NULL);
    pthread_join(p2, NULL);
    int sum = 0;
    for (int i = 0; i < tail; i++) sum += queue[i];
    assert(tail == 6 && sum == 10 + 11 + 12 + 20 + 21 + 22);
    return 0;
}
