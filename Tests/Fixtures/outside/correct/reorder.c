/* Setters write a and b in one critical section; the checker reads both in one. */
#include <assert.h>
#include <pthread.h>

int a = 0, b = 0;
pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

void *setter(void *arg) {
    pthread_mutex_lock(&m);
    a = 1;
    b = -1;
    pthread_mutex_unlock(&m);
    return arg;
}

void *checker(void *arg) {
    pthread_mutex_lock(&m);
    int seen_a = a, seen_b = b;
    pthread_mutex_unlock(&m);
    assert((seen_a == 0 && seen_b == 0) || (seen_a == 1 && seen_b == -1));
    return arg;
}

int main(void) {
    pthread_t s1, s2, c;
    pthread_create(&s1, NULL, setter, NULL);
    pthread_create(&s2, NULL, setter, NULL);
    pthread_create(&c, NULL, checker, NULL);
    pthread_join(s1, NULL);
    pthread_join(s2, NULL);
    pthread_join(c, NULL);
    return 0;
}
