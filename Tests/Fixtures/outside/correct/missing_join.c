/* Main joins the worker before it reads the worker's result. */
#include <assert.h>
#include <pthread.h>

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
    pthread_join(t, NULL);
    assert(result == 55);
    return 0;
}
