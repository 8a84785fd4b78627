/* Main polls, sleeping between looks, until the worker says it is done; the flag is atomic. */
#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>

int result = 0;
atomic_int done;

void *compute(void *arg) {
    int sum = 0;
    for (int i = 1; i <= 10; i++) sum += i;
    result = sum;
    atomic_store(&done, 1);
    return arg;
}

int main(void) {
    pthread_t t;
    pthread_create(&t, NULL, compute, NULL);
    pthread_detach(t);
    while (!atomic_load(&done)) usleep(100);
    assert(result == 55);
    return 0;
}
