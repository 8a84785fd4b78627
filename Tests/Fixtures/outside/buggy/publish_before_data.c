/* The writer raises the ready flag before it fills in the data the flag announces. */
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
    atomic_store(&ready, 1);
    box.id = 1;
    box.payload = 99;
    return arg;
}

void *reader(void *arg) {
    if (atomic_load(&ready)) assert(box.id == 1 && box.payload == 99);
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
