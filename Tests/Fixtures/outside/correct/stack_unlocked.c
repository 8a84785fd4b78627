/* A shared array stack whose check and pop happen under one lock, as does every push. */
#include <assert.h>
#include <pthread.h>

#define SIZE 8

int items[SIZE];
int top = 0;
int popped_sum = 0;
pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

void push(int value) {
    pthread_mutex_lock(&m);
    assert(top < SIZE);
    items[top] = value;
    top = top + 1;
    pthread_mutex_unlock(&m);
}

/* Pops into *value when the stack is not empty. */
int try_pop(int *value) {
    pthread_mutex_lock(&m);
    int ok = top > 0;
    if (ok) {
        top = top - 1;
        *value = items[top];
    }
    pthread_mutex_unlock(&m);
    return ok;
}

void *pusher(void *arg) {
    for (int i = 1; i <= 4; i++) push(i);
    return arg;
}

void *popper(void *arg) {
    int value;
    for (int i = 0; i < 4; i++) {
        if (try_pop(&value)) popped_sum += value;
    }
    return arg;
}

int main(void) {
    pthread_t a, b;
    pthread_create(&a, NULL, pusher, NULL);
    pthread_create(&b, NULL, popper, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    int rest = 0, value;
    while (try_pop(&value)) rest += value;
    assert(popped_sum + rest == 1 + 2 + 3 + 4);
    return 0;
}
