/* Writers update the shared total while holding only the read side of a read-write lock. */
#include <assert.h>
#include <pthread.h>

pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
int total = 0;

void *writer(void *arg) {
    for (int i = 0; i < 3; i++) {
        pthread_rwlock_rdlock(&rw);
        int seen = total;
        total = seen + 1;
        pthread_rwlock_unlock(&rw);
    }
    return arg;
}

int main(void) {
    pthread_t w1, w2;
    pthread_create(&w1, NULL, writer, NULL);
    pthread_create(&w2, NULL, writer, NULL);
    pthread_join(w1, NULL);
    pthread_join(w2, NULL);
    assert(total == 6);
    return 0;
}
