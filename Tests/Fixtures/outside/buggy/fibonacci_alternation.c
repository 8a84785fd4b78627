/* Two threads grow a pair of shared numbers in turn; the bound asserted is one only strict alternation exceeds. */
#include <assert.h>
#include <pthread.h>

#define ROUNDS 4

int i = 1, j = 1;

void *grow_i(void *arg) {
    for (int k = 0; k < ROUNDS; k++) i = i + j;
    return arg;
}

void *grow_j(void *arg) {
    for (int k = 0; k < ROUNDS; k++) j = j + i;
    return arg;
}

int main(void) {
    pthread_t a, b;
    pthread_create(&a, NULL, grow_i, NULL);
    pthread_create(&b, NULL, grow_j, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    /* Strict alternation reaches i = 34 and j = 55 (Fibonacci numbers 9 and 10). */
    assert(i < 34 && j < 34);
    return 0;
}
