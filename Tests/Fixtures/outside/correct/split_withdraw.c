/* The balance check and the withdrawal happen in one critical section. */
#include <assert.h>
#include <pthread.h>

pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
int balance = 100;

int withdraw_if_enough(int amount) {
    pthread_mutex_lock(&m);
    int ok = balance >= amount;
    if (ok) balance -= amount;
    pthread_mutex_unlock(&m);
    return ok;
}

void *customer(void *arg) {
    withdraw_if_enough(80);
    return arg;
}

int main(void) {
    pthread_t a, b;
    pthread_create(&a, NULL, customer, NULL);
    pthread_create(&b, NULL, customer, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    assert(balance >= 0);
    return 0;
}
