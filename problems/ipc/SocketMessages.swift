import PsetModel

extension Bank {
    /// Message framing over a stream socket pair: short reads, short writes, byte order and end-of-file.
    static let socketMessages = CodingProblem("ipc/socket-messages") {
        Title("Messages over a stream socket")
        Topics(.sockets)
        Points(10)
        Prompt(
            """
            A `SOCK_STREAM` socket — such as either end of `socketpair(AF_UNIX, SOCK_STREAM, 0, sv)` — carries \
            a stream of bytes, not messages: one `write` may arrive in several `read`s, and several `write`s in \
            one. To send messages over it, each message is framed: a 4-byte length in network byte order, then \
            that many bytes. Submit `msg.c`, implementing `msg.h` exactly as given:

            ```c
            int msg_send(int fd, const void *buf, uint32_t len);
            ssize_t msg_recv(int fd, void *buf, size_t cap);
            ```

            Requirements:
            - `msg_send` writes the length (`htonl(len)`, 4 bytes), then the `len` bytes of `buf`, and returns 0, \
            or -1 if the socket fails. `write` may write fewer bytes than asked, or fail with `EINTR` when a \
            signal arrives: keep writing until everything is written.
            - `msg_recv` reads one whole message into `buf` and returns its length. `read` may return fewer bytes \
            than asked: keep reading until the header and the whole message are in. It returns -1 at \
            end-of-file (`read` returns 0), including end-of-file in the middle of a message, on error, and if \
            the message is longer than `cap`, in which case it writes nothing past `cap` bytes of `buf`.
            - Messages may be empty (`len` 0).

            The grader's peer on the other end dribbles bytes a few at a time, reads slowly while signals \
            interrupt your writes, and checks the bytes on the wire.
            """)
        Header("msg.h", Source.header)
        Starter("msg.c", Source.starter)
        Reference("msg.c", Source.reference)
        Support("msg_test.c", Source.harness)
        Concurrency(.processes)
        Allows(.standard, .output, .fileDescriptors, .sockets)

        TestCase("round-trip", points: 2, harness: "msg_test.c", arguments: ["round-trip"], checks: [.children])
        TestCase("wire-format", points: 2, harness: "msg_test.c", arguments: ["wire-format"])
        TestCase(
            "short-reads", points: 2, hidden: true, harness: "msg_test.c", arguments: ["short-reads"],
            checks: [.children])
        TestCase(
            "short-writes", points: 2, hidden: true, harness: "msg_test.c", arguments: ["short-writes"],
            checks: [.children])
        TestCase(
            "end-of-file", points: 1, hidden: true, harness: "msg_test.c", arguments: ["end-of-file"],
            checks: [.children])
        TestCase("too-long", points: 1, hidden: true, harness: "msg_test.c", arguments: ["too-long"])

        Mutant(
            "single-read",
            reason: """
                short read: `msg_recv` calls `read` once for the header and once for the body, assuming a stream \
                socket delivers a whole message at a time
                """,
            mustFail: ["short-reads"],
            File(
                "msg.c",
                Source.reference.replacing(
                    """
                        while (len > 0) {
                            ssize_t n = read(fd, p, len);
                            if (n < 0) {
                                if (errno == EINTR)
                                    continue;
                                return -1;
                            }
                            if (n == 0)
                                return -1;
                            p += n;
                            len -= (size_t)n;
                        }
                        return 0;
                    """,
                    with: """
                            return read(fd, p, len) > 0 || len == 0 ? 0 : -1;
                        """)))
        Mutant(
            "host-byte-order",
            reason: """
                wrong byte order: the length goes on the wire in host byte order instead of network byte order \
                (`htonl`/`ntohl`); two copies of the same program agree, any other peer does not
                """,
            mustFail: ["wire-format"],
            File(
                "msg.c",
                Source.reference
                    .replacing("uint32_t header = htonl(len);", with: "uint32_t header = len;")
                    .replacing("uint32_t len = ntohl(header);", with: "uint32_t len = header;")))
        Mutant(
            "ignores-end-of-file",
            reason: """
                hang at end-of-file: when `read` returns 0 the loop goes round again instead of failing, so \
                `msg_recv` never returns once the peer has closed
                """,
            mustFail: ["end-of-file"],
            File("msg.c", Source.reference.replacing("        if (n == 0)\n            return -1;\n", with: "")))
        Mutant(
            "single-write",
            reason: """
                short write: `msg_send` calls `write` once and ignores how many bytes it wrote, so part of a large \
                message is lost when a signal interrupts the write
                """,
            mustFail: ["short-writes"],
            File(
                "msg.c",
                Source.reference.replacing(
                    """
                        while (len > 0) {
                            ssize_t n = write(fd, p, len);
                            if (n < 0) {
                                if (errno == EINTR)
                                    continue;
                                return -1;
                            }
                            p += n;
                            len -= (size_t)n;
                        }
                        return 0;
                    """,
                    with: """
                            return write(fd, p, len) < 0 ? -1 : 0;
                        """)))
        Mutant(
            "no-capacity-check",
            reason: """
                buffer overflow: `msg_recv` reads a message longer than `cap` into `buf` without checking, writing \
                past the end of the caller's buffer
                """,
            mustFail: ["too-long"],
            File("msg.c", Source.reference.replacing("    if (len > cap)\n        return -1;\n", with: "")))
    }
}

/// The C sources of `ipc/socket-messages`.
private enum Source {
    static let header = #"""
        #ifndef MSG_H
        #define MSG_H

        #include <stddef.h>
        #include <stdint.h>
        #include <sys/types.h>

        /* Sends one message: htonl(len) as 4 bytes, then len bytes of buf. Returns 0, or -1 on failure. */
        int msg_send(int fd, const void *buf, uint32_t len);

        /* Receives one message into buf (cap bytes). Returns its length, or -1 at end-of-file, on failure,
           or if the message is longer than cap. */
        ssize_t msg_recv(int fd, void *buf, size_t cap);

        #endif
        """#

    static let starter = #"""
        #include "msg.h"

        #include <arpa/inet.h>
        #include <errno.h>
        #include <unistd.h>

        int msg_send(int fd, const void *buf, uint32_t len)
        {
            /* Write the 4-byte length in network byte order, then the message; handle short writes and EINTR. */
            (void)fd;
            (void)buf;
            (void)len;
            return -1;
        }

        ssize_t msg_recv(int fd, void *buf, size_t cap)
        {
            /* Read the 4-byte length, then exactly that many bytes; handle short reads, EINTR and end-of-file. */
            (void)fd;
            (void)buf;
            (void)cap;
            return -1;
        }
        """#

    static let reference = #"""
        #include "msg.h"

        #include <arpa/inet.h>
        #include <errno.h>
        #include <unistd.h>

        /* Writes all len bytes: write may write fewer, or be interrupted by a signal. */
        static int write_all(int fd, const void *buf, size_t len)
        {
            const char *p = buf;
            while (len > 0) {
                ssize_t n = write(fd, p, len);
                if (n < 0) {
                    if (errno == EINTR)
                        continue;
                    return -1;
                }
                p += n;
                len -= (size_t)n;
            }
            return 0;
        }

        /* Reads exactly len bytes; -1 at end-of-file or on error. */
        static int read_all(int fd, void *buf, size_t len)
        {
            char *p = buf;
            while (len > 0) {
                ssize_t n = read(fd, p, len);
                if (n < 0) {
                    if (errno == EINTR)
                        continue;
                    return -1;
                }
                if (n == 0)
                    return -1;
                p += n;
                len -= (size_t)n;
            }
            return 0;
        }

        int msg_send(int fd, const void *buf, uint32_t len)
        {
            uint32_t header = htonl(len);
            if (write_all(fd, &header, sizeof header) < 0)
                return -1;
            return write_all(fd, buf, len);
        }

        ssize_t msg_recv(int fd, void *buf, size_t cap)
        {
            uint32_t header;
            if (read_all(fd, &header, sizeof header) < 0)
                return -1;
            uint32_t len = ntohl(header);
            if (len > cap)
                return -1;
            if (read_all(fd, buf, len) < 0)
                return -1;
            return (ssize_t)len;
        }
        """#

    /// `msg_test MODE`: a peer process (or raw bytes) on the other end of a socket pair.
    static let harness = #"""
        #include "msg.h"

        #include <arpa/inet.h>
        #include <errno.h>
        #include <signal.h>
        #include <stdio.h>
        #include <stdlib.h>
        #include <string.h>
        #include <sys/socket.h>
        #include <sys/time.h>
        #include <sys/wait.h>
        #include <time.h>
        #include <unistd.h>

        static const char *hang_message = "deadlock: the test stopped making progress\n";

        static void on_watchdog(int sig)
        {
            (void)sig;
            write(STDERR_FILENO, hang_message, strlen(hang_message));
            _exit(1);
        }

        static void fail(const char *message)
        {
            fprintf(stderr, "%s\n", message);
            exit(1);
        }

        static void pair(int sv[2])
        {
            if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0) {
                perror("socketpair");
                exit(1);
            }
        }

        static void fill(unsigned char *buf, size_t len, unsigned seed)
        {
            for (size_t i = 0; i < len; i++)
                buf[i] = (unsigned char)((i * 31 + seed * 17) % 251);
        }

        /* Raw bytes, all of them, whatever msg.c does. */
        static void raw_write(int fd, const void *buf, size_t len)
        {
            const char *p = buf;
            while (len > 0) {
                ssize_t n = write(fd, p, len);
                if (n < 0 && errno == EINTR)
                    continue;
                if (n <= 0)
                    fail("the test's own write failed");
                p += n;
                len -= (size_t)n;
            }
        }

        static void reap(pid_t pid)
        {
            int status;
            if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
                fail("the peer process failed: it could not receive or send a message with msg_recv/msg_send");
        }

        static void pause_us(long us)
        {
            struct timespec t = {0, us * 1000};
            nanosleep(&t, NULL);
        }

        /* A child echoes messages with msg_recv/msg_send; the parent checks each one comes back intact. */
        static void round_trip(void)
        {
            static const uint32_t sizes[] = {0, 1, 5, 100, 4096, 50000};
            static unsigned char out[50000], in[50000];
            int sv[2];
            pair(sv);
            pid_t pid = fork();
            if (pid == 0) {
                close(sv[0]);
                ssize_t n;
                while ((n = msg_recv(sv[1], in, sizeof in)) >= 0) {
                    if (msg_send(sv[1], in, (uint32_t)n) < 0)
                        _exit(1);
                }
                _exit(0);
            }
            close(sv[1]);
            for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
                fill(out, sizes[i], (unsigned)i);
                if (msg_send(sv[0], out, sizes[i]) < 0)
                    fail("msg_send returned -1 on a healthy socket");
                memset(in, 0, sizeof in);
                ssize_t n = msg_recv(sv[0], in, sizeof in);
                if (n != (ssize_t)sizes[i] || memcmp(in, out, sizes[i]) != 0) {
                    fprintf(stderr, "round trip: sent a %u-byte message, msg_recv returned %zd%s\n", sizes[i], n,
                            n == (ssize_t)sizes[i] ? " with different bytes" : "");
                    exit(1);
                }
            }
            close(sv[0]);
            reap(pid);
        }

        static void wire_format(void)
        {
            int sv[2];
            pair(sv);
            if (msg_send(sv[0], "hello", 5) < 0)
                fail("msg_send returned -1 on a healthy socket");
            unsigned char raw[9];
            size_t got = 0;
            while (got < sizeof raw) {
                ssize_t n = read(sv[1], raw + got, sizeof raw - got);
                if (n <= 0)
                    fail("msg_send(fd, \"hello\", 5) wrote fewer than 9 bytes");
                got += (size_t)n;
            }
            if (memcmp(raw, "\0\0\0\5", 4) != 0) {
                fprintf(stderr,
                        "wrong byte order: msg_send wrote the header %02x %02x %02x %02x for a 5-byte message, "
                        "expected 00 00 00 05 (htonl)\n",
                        raw[0], raw[1], raw[2], raw[3]);
                exit(1);
            }
            if (memcmp(raw + 4, "hello", 5) != 0)
                fail("wrong bytes: msg_send did not write the message right after its 4-byte header");

            unsigned char frame[4 + 258];
            frame[0] = 0;
            frame[1] = 0;
            frame[2] = 1;
            frame[3] = 2;
            fill(frame + 4, 258, 7);
            raw_write(sv[1], frame, sizeof frame);
            unsigned char in[1000];
            ssize_t n = msg_recv(sv[0], in, sizeof in);
            if (n != 258) {
                fprintf(stderr,
                        "wrong byte order: for the header 00 00 01 02 (258 in network byte order) msg_recv "
                        "returned %zd, expected 258 (ntohl)\n",
                        n);
                exit(1);
            }
            if (memcmp(in, frame + 4, 258) != 0)
                fail("wrong bytes: msg_recv returned the right length but not the bytes that were sent");
        }

        /* The peer writes each frame a few bytes at a time, so reads return less than asked. */
        static void short_reads(void)
        {
            static unsigned char out[3000], in[4096];
            int sv[2];
            pair(sv);
            pid_t pid = fork();
            if (pid == 0) {
                close(sv[0]);
                for (unsigned m = 0; m < 2; m++) {
                    unsigned char frame[4 + sizeof out];
                    uint32_t header = htonl((uint32_t)sizeof out);
                    memcpy(frame, &header, 4);
                    fill(frame + 4, sizeof out, m);
                    for (size_t at = 0, step = 1; at < sizeof frame; at += step, step = step % 7 + 1) {
                        size_t len = at + step > sizeof frame ? sizeof frame - at : step;
                        raw_write(sv[1], frame + at, len);
                        pause_us(20);
                    }
                }
                _exit(0);
            }
            close(sv[1]);
            for (unsigned m = 0; m < 2; m++) {
                fill(out, sizeof out, m);
                memset(in, 0, sizeof in);
                ssize_t n = msg_recv(sv[0], in, sizeof in);
                if (n != (ssize_t)sizeof out || memcmp(in, out, sizeof out) != 0) {
                    fprintf(stderr,
                            "short read: a %zu-byte message sent a few bytes at a time came back from msg_recv as "
                            "%zd bytes%s; read() may return fewer bytes than asked, so loop until all have come\n",
                            sizeof out, n, n == (ssize_t)sizeof out ? " with different bytes" : "");
                    exit(1);
                }
            }
            close(sv[0]);
            reap(pid);
        }

        static void on_tick(int sig)
        {
            (void)sig;
        }

        /* A slow reader and a ticking timer: writes block, get interrupted, and come back short. */
        static void short_writes(void)
        {
            enum { SIZE = 1 << 21 };
            unsigned char *out = malloc(SIZE);
            fill(out, SIZE, 3);
            int sv[2];
            pair(sv);
            pid_t pid = fork();
            if (pid == 0) {
                close(sv[0]);
                unsigned char buf[4096];
                long total = 0;
                ssize_t n;
                while ((n = read(sv[1], buf, sizeof buf)) > 0) {
                    total += n;
                    pause_us(100);
                }
                raw_write(sv[1], &total, sizeof total);
                _exit(0);
            }
            close(sv[1]);
            struct sigaction sa;
            memset(&sa, 0, sizeof sa);
            sa.sa_handler = on_tick;
            sigemptyset(&sa.sa_mask);
            sigaction(SIGALRM, &sa, NULL); /* no SA_RESTART: interrupted writes return early */
            struct itimerval tick = {{0, 1000}, {0, 1000}};
            setitimer(ITIMER_REAL, &tick, NULL);
            int sent = msg_send(sv[0], out, SIZE);
            struct itimerval off = {{0, 0}, {0, 0}};
            setitimer(ITIMER_REAL, &off, NULL);
            if (sent < 0)
                fail("short write: msg_send returned -1 when a signal interrupted write(); retry on EINTR");
            shutdown(sv[0], SHUT_WR);
            long total = 0;
            size_t got = 0;
            while (got < sizeof total) {
                ssize_t n = read(sv[0], (char *)&total + got, sizeof total - got);
                if (n <= 0)
                    fail("the peer process did not report how many bytes it received");
                got += (size_t)n;
            }
            if (total != 4 + SIZE) {
                fprintf(stderr,
                        "short write: msg_send of a %d-byte message put %ld bytes on the socket, expected %d; "
                        "write() may write fewer bytes than asked when a signal interrupts it, so loop until all "
                        "are written\n",
                        SIZE, total, 4 + SIZE);
                exit(1);
            }
            close(sv[0]);
            reap(pid);
            free(out);
        }

        static void end_of_file(void)
        {
            int sv[2];
            pair(sv);
            pid_t pid = fork();
            if (pid == 0) {
                close(sv[0]);
                unsigned char frames[] = {0, 0, 0, 3, 'a', 'b', 'c', 0, 0, 0, 10, 'p', 'a', 'r', 't'};
                raw_write(sv[1], frames, sizeof frames);
                _exit(0);
            }
            close(sv[1]);
            reap(pid);
            hang_message = "hang at end-of-file: msg_recv did not return after the peer closed the socket; read() "
                           "returning 0 means end-of-file\n";
            char in[64];
            ssize_t n = msg_recv(sv[0], in, sizeof in);
            if (n != 3 || memcmp(in, "abc", 3) != 0)
                fail("wrong message: msg_recv did not return the 3-byte message \"abc\"");
            n = msg_recv(sv[0], in, sizeof in);
            if (n != -1) {
                fprintf(stderr,
                        "end-of-file: the peer sent 4 of a 10-byte message and closed, but msg_recv returned %zd, "
                        "expected -1\n",
                        n);
                exit(1);
            }
            n = msg_recv(sv[0], in, sizeof in);
            if (n != -1) {
                fprintf(stderr, "end-of-file: msg_recv on a closed socket returned %zd, expected -1\n", n);
                exit(1);
            }
            close(sv[0]);
        }

        static void too_long(void)
        {
            int sv[2];
            pair(sv);
            unsigned char frame[4 + 100] = {0, 0, 0, 100};
            fill(frame + 4, 100, 9);
            raw_write(sv[1], frame, sizeof frame);
            unsigned char area[200];
            memset(area, 0xAA, sizeof area);
            ssize_t n = msg_recv(sv[0], area, 10);
            for (size_t i = 10; i < sizeof area; i++) {
                if (area[i] != 0xAA) {
                    fprintf(stderr,
                            "buffer overflow: msg_recv wrote past the 10 bytes of its buffer for a 100-byte "
                            "message; return -1 when a message is longer than cap\n");
                    exit(1);
                }
            }
            if (n != -1) {
                fprintf(stderr, "too long: msg_recv returned %zd for a 100-byte message and cap 10, expected -1\n", n);
                exit(1);
            }
        }

        int main(int argc, char **argv)
        {
            if (argc != 2) {
                fprintf(stderr, "usage: %s round-trip|wire-format|short-reads|short-writes|end-of-file|too-long\n",
                        argv[0]);
                return 2;
            }
            /* A wall-clock watchdog on a signal of its own, because short-writes needs SIGALRM for its ticks. */
            signal(SIGUSR2, on_watchdog);
            struct sigevent event;
            memset(&event, 0, sizeof event);
            event.sigev_notify = SIGEV_SIGNAL;
            event.sigev_signo = SIGUSR2;
            timer_t watchdog;
            struct itimerspec in_two_seconds = {{0, 0}, {2, 0}};
            if (timer_create(CLOCK_MONOTONIC, &event, &watchdog) == 0)
                timer_settime(watchdog, 0, &in_two_seconds, NULL);
            const char *mode = argv[1];
            if (strcmp(mode, "round-trip") == 0)
                round_trip();
            else if (strcmp(mode, "wire-format") == 0)
                wire_format();
            else if (strcmp(mode, "short-reads") == 0)
                short_reads();
            else if (strcmp(mode, "short-writes") == 0)
                short_writes();
            else if (strcmp(mode, "end-of-file") == 0)
                end_of_file();
            else
                too_long();
            return 0;
        }
        """#
}
