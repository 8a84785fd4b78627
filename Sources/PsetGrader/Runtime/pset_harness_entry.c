/*
 * pset_harness_entry: the `main` of every test program the grader links.
 *
 * A harness's own `main` is compiled as pset_harness_main. This entry runs it and, only when it returns 0,
 * ends the process with the status the grader chose for this grading (PSET_HARNESS_STATUS, 3 to 125). The
 * grader counts a test as passed only on that status, so a submission that ends the process early
 * (`_exit(0)` from a handler, an `atexit` hook, a signal handler) cannot pass for a finished test: its code
 * never sees the status, which is scrubbed from the environment before the harness starts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int pset_harness_main(int argc, char **argv);

/* Status 70 (EX_SOFTWARE): the program was started without a status, so it cannot report a pass. */
#define NO_STATUS 70

int main(int argc, char **argv) {
    int success = 0;
    char *given = getenv("PSET_HARNESS_STATUS");
    if (given != NULL) {
        success = atoi(given);
        /* Zero the value where the kernel keeps it too (/proc/self/environ), then drop the variable. */
        volatile char *digits = given;
        for (size_t i = 0; digits[i] != '\0'; i++) digits[i] = '\0';
        unsetenv("PSET_HARNESS_STATUS");
    }
    if (success < 3 || success > 125) {
        fputs("pset: this test program must be started by the grader\n", stderr);
        return NO_STATUS;
    }
    int status = pset_harness_main(argc, argv);
    if (status != 0) return status;
    exit(success);
}
