/* Joins cgroups, sets rlimits and drops to the sandbox user, then execs bwrap.
 * It replaces a Python preexec_fn so that subprocess can vfork instead of fork.
 * usage: launcher [-c cgroup.procs]... [-r resource:soft:hard]... [-u uid:gid] -- program args...
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

static void die(const char *what, const char *arg) {
    fprintf(stderr, "sandbox launcher: %s %s: %s\n", what, arg, strerror(errno));
    _exit(127);
}

int main(int argc, char **argv) {
    char pid[32];
    int pid_len = snprintf(pid, sizeof pid, "%d", (int)getpid());
    long uid = -1, gid = -1;
    int i = 1;
    for (; i + 1 < argc && strcmp(argv[i], "--") != 0; i += 2) {
        const char *option = argv[i], *value = argv[i + 1];
        if (strcmp(option, "-c") == 0) {
            int fd = open(value, O_WRONLY | O_CLOEXEC);
            if (fd < 0 || write(fd, pid, pid_len) != pid_len) die("cannot join cgroup", value);
            close(fd);
        } else if (strcmp(option, "-r") == 0) {
            int resource;
            unsigned long long soft, hard;
            if (sscanf(value, "%d:%llu:%llu", &resource, &soft, &hard) != 3) { errno = EINVAL; die("bad rlimit", value); }
            struct rlimit limit = {(rlim_t)soft, (rlim_t)hard};
            if (setrlimit(resource, &limit) != 0) die("cannot set rlimit", value);
        } else if (strcmp(option, "-u") == 0) {
            if (sscanf(value, "%ld:%ld", &uid, &gid) != 2) { errno = EINVAL; die("bad uid:gid", value); }
        } else {
            errno = EINVAL;
            die("unknown option", option);
        }
    }
    if (i >= argc - 1 || strcmp(argv[i], "--") != 0) { errno = EINVAL; die("usage:", "launcher [options] -- program args"); }
    if (uid >= 0) {
        if (setgroups(0, NULL) != 0) die("cannot clear groups", "");
        if (setresgid(gid, gid, gid) != 0) die("cannot set gid", "");
        if (setresuid(uid, uid, uid) != 0) die("cannot set uid", "");
        if (geteuid() != (uid_t)uid || getegid() != (gid_t)gid) { errno = EPERM; die("privileges still held", ""); }
    }
    execv(argv[i + 1], argv + i + 1);
    die("cannot exec", argv[i + 1]);
    return 127;
}
