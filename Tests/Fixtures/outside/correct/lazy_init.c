/* Lazy initialisation through pthread_once: exactly one thread initialises. */
#include <assert.h>
#include <pthread.h>
#include <stdlib.h>

struct config {
    int value;
};

struct config *shared = NULL;
int initialisations = 0;
pthread_once_t once = PTHREAD_ONCE_INIT;

void initialise(void) {
    struct config *fresh = malloc(sizeof *fresh);
    fresh->value = 7;
    initialisations++;
    shared = fresh;
}

struct config *get_config(void) {
    pthread_once(&once, initialise);
    return shared;
}

void *user(void *arg) {
    assert(get_config()->value == 7);
    return arg;
}

int main(void) {
    pthread_t t1, t2;
    pthread_create(&t1, NULL, user, NULL);
    pthread_create(&t2, NULL, user, NULL);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    assert(initialisations == 1);
    free(shared);
    return 0;
}
