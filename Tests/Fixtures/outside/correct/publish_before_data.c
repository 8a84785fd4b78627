/* The writer fills in the data, then raises the ready flag with release order; the reader acquires it. */
#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>

struct message {
    int id;
    int payload;
};

struct message box;
atomic_int ready;

void *writer(void *arg) {
    box.id = 1;
    box.payload = 99;
    atomic_store_explicit(&ready, 1, memory_order_release);
    return arg;
}

void *reader(void *arg) {
    if (atomic_load_explicit(&ready, memory_order_acquire)) assert(box.id == 1 && box.payload == 99);
    return arg;
}

int main(void) {
    pthread_t w, r;
    pthread_create(&w, NULL, writer, NULL);
    pthread_create(&r, NULL, reader, NULL);
    pthread_join(w, NULL);
    pthread_join(r, NULL);
    return 0;
}
