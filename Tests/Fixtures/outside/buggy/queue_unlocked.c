/* Two producers append to a shared queue without a lock; an item can overwrite another. */
#include <assert.h>
#include <pthread.h>

#define CAPACITY 16

int queue[CAPACITY];
int tail = 0;

void enqueue(int value) {
    queue[tail] = value;
    tail++;
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
