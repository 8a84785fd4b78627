/* A bounded buffer guarded by counting semaphores only: two producers race on the insert index. */
#include <assert.h>
#include <pthread.h>
#include <semaphore.h>

#define SLOTS 4

int buffer[SLOTS];
int in = 0, out = 0;
sem_t empty, full;

void *producer(void *arg) {
    int base = (int)(long)arg;
    for (int i = 0; i < 2; i++) {
        sem_wait(&empty);
        buffer[in] = base + i;
        in = (in + 1) % SLOTS;
        sem_post(&full);
    }
    return NULL;
}

int main(void) {
    pthread_t p1, p2;
    sem_init(&empty, 0, SLOTS);
    sem_init(&full, 0, 0);
    pthread_create(&p1, NULL, producer, (void *)100L);
    pthread_create(&p2, NULL, producer, (void *)200L);
    int sum = 0;
    for (int i = 0; i < 4; i++) {
        sem_wait(&full);
        sum += buffer[out];
        out = (out + 1) % SLOTS;
        sem_post(&empty);
    }
    pthread_join(p1, NULL);
    pthread_join(p2, NULL);
    assert(sum == 100 + 101 + 200 + 201);
    return 0;
}
