/* The sandbox's pid 1 (bwrap --as-pid-1): starts the program as pid 2 and reports how it ended
 * on a status pipe that only the worker reads. It makes itself non-dumpable first, so the
 * program (same uid, no capabilities) can neither open /proc/1/mem nor take its descriptors
 * with pidfd_getfd, and it never hands the status pipe to the program.
 * usage: init STATUS_FD START_FD -- program args...
 * With a START_FD (not "-") the init waits for one byte there before starting the program: a
 * prepared sandbox is set up ahead of its run and started when the run comes. End of file there
 * means the sandbox was discarded unused: the init leaves without starting anything.
 * status lines: "waiting" (with a START_FD), "started", then "exec-failed ERRNO" | "exited CODE" |
 * "signaled SIGNO".
 * Linked statically: the Go sandbox has no libc to load it with.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static int status_fd = -1;

static void report(const char *word, int value) {
    char line[64];
    int len = value < 0 ? snprintf(line, sizeof line, "%s\n", word) : snprintf(line, sizeof line, "%s %d\n", word, value);
    if (write(status_fd, line, len) != len) _exit(125);
}

int main(int argc, char **argv) {
    if (argc < 5 || strcmp(argv[3], "--") != 0) {
        fprintf(stderr, "sandbox init: usage: init STATUS_FD START_FD -- program args\n");
        return 125;
    }
    status_fd = atoi(argv[1]);
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0 || fcntl(status_fd, F_SETFD, FD_CLOEXEC) != 0) {
        fprintf(stderr, "sandbox init: setup: %s\n", strerror(errno));
        return 125;
    }
    if (strcmp(argv[2], "-") != 0) {
        int start_fd = atoi(argv[2]);
        char go;
        ssize_t got;
        report("waiting", -1);
        do got = read(start_fd, &go, 1); while (got < 0 && errno == EINTR);
        if (got != 1) return 0;
        close(start_fd);
    }
    int exec_errors[2];
    if (pipe2(exec_errors, O_CLOEXEC) != 0) return 125;
    report("started", -1);
    pid_t child = fork();
    if (child < 0) {
        report("exec-failed", errno);
        return 0;
    }
    if (child == 0) {
        close(exec_errors[0]);
        execv(argv[4], argv + 4);
        int failure = errno;
        if (write(exec_errors[1], &failure, sizeof failure) < 0) _exit(127);
        _exit(127);
    }
    close(exec_errors[1]);
    int failure = 0;
    ssize_t got;
    do got = read(exec_errors[0], &failure, sizeof failure); while (got < 0 && errno == EINTR);
    if (got == (ssize_t)sizeof failure) {
        waitpid(child, NULL, 0);
        report("exec-failed", failure);
        return 0;
    }
    close(exec_errors[0]);
    for (;;) {
        int status;
        pid_t died = wait(&status);
        if (died < 0 && errno == EINTR) continue;
        if (died < 0) return 125;
        if (died != child) continue;  /* an orphan of the program, reparented to us */
        if (WIFEXITED(status)) report("exited", WEXITSTATUS(status));
        else report("signaled", WTERMSIG(status));
        return 0;  /* pid 1 leaving takes every remaining process of the sandbox with it */
    }
}
