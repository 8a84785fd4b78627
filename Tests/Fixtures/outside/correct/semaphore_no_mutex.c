/* A bounded buffer with counting semaphores and a mutex around each insert and removal. */
#include <assert.h>
#include <pthread.h>
#include <semaphore.h>

#define SLOTS 4

int buffer[SLOTS];
int in = 0, out = 0;
sem_t empty, full;
pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

void *producer(void *arg) {
    int base = (int)(long)arg;
    for (int i = 0; i < 2; i++) {
        sem_wait(&empty);
        pthread_mutex_lock(&m);
        buffer[in] = base + i;
        in = (in + 1) % SLOTS;
        pthread_mutex_unlock(&m);
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
        pthread_mutex_lock(&m);
        sum += buffer[out];
        out = (out + 1) % SLOTS;
        pthread_mutex_unlock(&m);
        sem_post(&empty);
    }
    pthread_join(p1, NULL);
    pthread_join(p2, NULL);
    assert(sum == 100 + 101 + 200 + 201);
    return 0;
}
