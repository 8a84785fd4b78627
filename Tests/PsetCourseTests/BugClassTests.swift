import PsetCourse
import Testing

@Suite("Bug classes")
struct BugClassTests {
    @Test(
        "The grader's messages name their class by their first phrase",
        arguments: [
            (
                "lost update: final value 197, expected 800 (schedule s1-0011); data race on `x` (c.c:2 vs c.c:3): ...",
                "lost update"
            ),
            ("data race on `struct counter.value` (counter.c:21 vs counter.c:17): thread 1 writes", "data race"),
            ("deadlock: both threads blocked in bbuf_get", "deadlock"),
            ("child process not reaped: 1 child exited but was never waited for", "child not reaped"),
            ("shared-memory segment not removed; semaphore set not removed (call shmctl)", "segment not removed"),
            ("busy waiting: the program used 0.4 s of CPU in 0.5 s", "busy waiting"),
            ("missed wake-up: a consumer slept with 3 items in the buffer", "missed wake-up"),
            ("Duplicated item: 7 taken twice", "duplicated item"),
            ("assertion failed: x == 1 (counter.c:12, in main)", "assertion failed"),
            ("timed out: still running after 5 s (an endless loop, or a thread blocked forever?)", "timed out"),
            ("order broken: pong before ping", "order broken"),
            ("exited with status 3, expected 0", "other failure"),
            ("a message with `code: inside` it: and more", "other failure"),
        ])
    func classes(message: String, expected: String) {
        #expect(BugClass.of(message) == expected)
    }
}
