/* Writers update the shared total under the write side of a read-write lock; a reader uses the read side. */
#include <assert.h>
#include <pthread.h>

pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
int total = 0;

void *writer(void *arg) {
    for (int i = 0; i < 3; i++) {
        pthread_rwlock_wrlock(&rw);
        int seen = total;
        total = seen + 1;
        pthread_rwlock_unlock(&rw);
    }
    return arg;
}

void *reader(void *arg) {
    pthread_rwlock_rdlock(&rw);
    assert(total >= 0 && total <= 6);
    pthread_rwlock_unlock(&rw);
    return arg;
}

int main(void) {
    pthread_t w1, w2, r;
    pthread_create(&w1, NULL, writer, NULL);
    pthread_create(&w2, NULL, writer, NULL);
    pthread_create(&r, NULL, reader, NULL);
    pthread_join(w1, NULL);
    pthread_join(w2, NULL);
    pthread_join(r, NULL);
    assert(total == 6);
    return 0;
}
