/// The harnesses the two FIFO-buffer tasks share: the bounded buffer with condition variables (`bbuf_`)
/// and the one with semaphores (`sbuf_`) have the same interface under different prefixes, and must
/// pass the same single-threaded order test and the same producer/consumer test.
enum BufferHarness {
    /// One thread: items come out in the order they went in.
    static func fifo(prefix: String) -> String { instantiate(fifoTemplate, prefix: prefix) }

    /// Producers and consumers at once: every item put is got exactly once, in each producer's order.
    static func threads(prefix: String) -> String { instantiate(threadsTemplate, prefix: prefix) }

    private static func instantiate(_ template: String, prefix: String) -> String {
        template.replacing("bbuf", with: prefix)
    }

    private static let fifoTemplate = #"""
        #include "bbuf.h"

        #include <signal.h>
        #include <stdio.h>
        #include <stdlib.h>
        #include <string.h>
        #include <unistd.h>

        static volatile sig_atomic_t in_put;

        static void on_alarm(int sig)
        {
            (void)sig;
            const char *msg = in_put
                ? "deadlock: bbuf_put blocked in a single-threaded run although the buffer was not full\n"
                : "deadlock: bbuf_get blocked in a single-threaded run although the buffer was not empty\n";
            write(STDERR_FILENO, msg, strlen(msg));
            _exit(1);
        }

        static void put(bbuf_t *b, int item)
        {
            in_put = 1;
            bbuf_put(b, item);
        }

        static void expect(bbuf_t *b, int expected, int capacity)
        {
            in_put = 0;
            int got = bbuf_get(b);
            if (got != expected) {
                fprintf(stderr, "out of order: bbuf_get returned %d, expected %d (one thread, capacity %d)\n", got,
                        expected, capacity);
                exit(1);
            }
        }

        static void check(int capacity)
        {
            bbuf_t *b = bbuf_create(capacity);
            if (b == NULL) {
                fprintf(stderr, "bbuf_create(%d) returned NULL\n", capacity);
                exit(1);
            }
            /* Fill to capacity, drain, then keep the buffer partly full so head and tail wrap many times. */
            for (int i = 0; i < capacity; i++)
                put(b, 100 + i);
            for (int i = 0; i < capacity; i++)
                expect(b, 100 + i, capacity);
            int next_put = 0;
            int next_get = 0;
            for (int round = 0; round < 200; round++) {
                int held = next_put - next_get;
                int puts = 1 + round % (capacity - held);
                for (int i = 0; i < puts; i++)
                    put(b, next_put++);
                int gets = 1 + (round * 7) % (held + puts);
                for (int i = 0; i < gets; i++)
                    expect(b, next_get++, capacity);
            }
            while (next_get < next_put)
                expect(b, next_get++, capacity);
            bbuf_destroy(b);
        }

        int main(void)
        {
            signal(SIGALRM, on_alarm);
            alarm(2);
            check(1);
            check(4);
            check(7);
            return 0;
        }
        """#

    private static let threadsTemplate = #"""
        #include "bbuf.h"

        #include <pthread.h>
        #include <stdio.h>
        #include <stdlib.h>

        static bbuf_t *buffer;
        static int producers, consumers, per_producer, per_consumer;

        /* Item k of producer p is p * 1000000 + k, so every item names its producer and position. */
        static void *producer(void *arg)
        {
            int p = (int)(long)arg;
            for (int k = 0; k < per_producer; k++)
                bbuf_put(buffer, p * 1000000 + k);
            return NULL;
        }

        /* Each consumer keeps what it got; main checks it all once every thread has finished. */
        static void *consumer(void *arg)
        {
            int *got = arg;
            for (int k = 0; k < per_consumer; k++)
                got[k] = bbuf_get(buffer);
            return NULL;
        }

        int main(int argc, char **argv)
        {
            if (argc != 5) {
                fprintf(stderr, "usage: %s PRODUCERS CONSUMERS CAPACITY ITEMS_PER_PRODUCER\n", argv[0]);
                return 2;
            }
            producers = atoi(argv[1]);
            consumers = atoi(argv[2]);
            int capacity = atoi(argv[3]);
            per_producer = atoi(argv[4]);
            int total = producers * per_producer;
            per_consumer = total / consumers;

            buffer = bbuf_create(capacity);
            if (buffer == NULL) {
                fprintf(stderr, "bbuf_create(%d) returned NULL\n", capacity);
                return 1;
            }
            int *got = calloc((size_t)total, sizeof *got);
            pthread_t *threads = calloc((size_t)(producers + consumers), sizeof *threads);
            for (int c = 0; c < consumers; c++)
                pthread_create(&threads[c], NULL, consumer, got + c * per_consumer);
            for (int p = 0; p < producers; p++)
                pthread_create(&threads[consumers + p], NULL, producer, (void *)(long)p);
            for (int i = 0; i < producers + consumers; i++)
                pthread_join(threads[i], NULL);

            int *times = calloc((size_t)total, sizeof *times);
            for (int c = 0; c < consumers; c++) {
                int *last = malloc(sizeof *last * (size_t)producers);
                for (int p = 0; p < producers; p++)
                    last[p] = -1;
                for (int k = 0; k < per_consumer; k++) {
                    int item = got[c * per_consumer + k];
                    int p = item / 1000000;
                    int seq = item % 1000000;
                    if (item < 0 || p >= producers || seq >= per_producer) {
                        fprintf(stderr, "invented item: bbuf_get returned %d, which no producer put\n", item);
                        return 1;
                    }
                    if (++times[p * per_producer + seq] > 1) {
                        fprintf(stderr, "duplicated item: producer %d's item %d was returned twice\n", p, seq);
                        return 1;
                    }
                    if (seq < last[p]) {
                        fprintf(stderr,
                                "out of order: a consumer got producer %d's item %d after its item %d "
                                "(first in, first out)\n",
                                p, seq, last[p]);
                        return 1;
                    }
                    last[p] = seq;
                }
                free(last);
            }
            for (int i = 0; i < total; i++) {
                if (times[i] == 0) {
                    fprintf(stderr, "lost item: producer %d's item %d was never returned\n", i / per_producer,
                            i % per_producer);
                    return 1;
                }
            }
            bbuf_destroy(buffer);
            free(got);
            free(times);
            free(threads);
            return 0;
        }
        """#
}
