/* A shared array stack used by a pusher and a popper without any lock. */
#include <assert.h>
#include <pthread.h>

#define SIZE 8

int items[SIZE];
int top = 0;
int popped_sum = 0;

void push(int value) {
    assert(top < SIZE);
    items[top] = value;
    top = top + 1;
}

int pop(void) {
    top = top - 1;
    return items[top];
}

void *pusher(void *arg) {
    for (int i = 1; i <= 4; i++) push(i);
    return arg;
}

void *popper(void *arg) {
    for (int i = 0; i < 4; i++) {
        if (top > 0) popped_sum += pop();
    }
    return arg;
}

int main(void) {
    pthread_t a, b;
    pthread_create(&a, NULL, pusher, NULL);
    pthread_create(&b, NULL, popper, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    int rest = 0;
    while (top > 0) rest += pop();
    assert(popped_sum + rest == 1 + 2 + 3 + 4);
    return 0;
}
