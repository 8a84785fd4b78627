/* The balance check and the withdrawal are two critical sections: two withdrawals can overdraw. */
#include <assert.h>
#include <pthread.h>

pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
int balance = 100;

int enough(int amount) {
    pthread_mutex_lock(&m);
    int ok = balance >= amount;
    pthread_mutex_unlock(&m);
    return ok;
}

void withdraw(int amount) {
    pthread_mutex_lock(&m);
    balance -= amount;
    pthread_mutex_unlock(&m);
}

void *customer(void *arg) {
    if (enough(80)) withdraw(80);
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
