/* Main reads the worker's result without waiting for the worker to finish. */
#include <assert.h>
#include <pthread.h>
#include <unistd.h>

int result = 0;

void *compute(void *arg) {
    int sum = 0;
    for (int i = 1; i <= 10; i++) sum += i;
    result = sum;
    return arg;
}

int main(void) {
    pthread_t t;
    pthread_create(&t, NULL, compute, NULL);
    pthread_detach(t);
    usleep(1000);
    assert(result == 55);
    return 0;
}
