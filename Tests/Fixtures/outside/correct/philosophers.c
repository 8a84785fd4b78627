/* Dining philosophers who take both forks while holding a table-wide gate lock. */
#include <pthread.h>
#include <stdio.h>

#define N 3

pthread_mutex_t forks[N];
pthread_mutex_t gate = PTHREAD_MUTEX_INITIALIZER;
int meals = 0;

void *philosopher(void *arg) {
    int i = (int)(long)arg;
    pthread_mutex_t *left = &forks[i], *right = &forks[(i + 1) % N];
    for (int round = 0; round < 2; round++) {
        pthread_mutex_lock(&gate);
        pthread_mutex_lock(left);
        pthread_mutex_lock(right);
        pthread_mutex_unlock(&gate);
        meals++;
        pthread_mutex_unlock(right);
        pthread_mutex_unlock(left);
    }
    return NULL;
}

int main(void) {
    pthread_t t[N];
    for (int i = 0; i < N; i++) pthread_mutex_init(&forks[i], NULL);
    for (int i = 0; i < N; i++) pthread_create(&t[i], NULL, philosopher, (void *)(long)i);
    for (int i = 0; i < N; i++) pthread_join(t[i], NULL);
    printf("%d meals\n", meals);
    return 0;
}
