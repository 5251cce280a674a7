/* Joins cgroups, sets rlimits, moves the sandbox's descriptors to fixed numbers (so nothing in the
 * sandbox depends on the worker's descriptor table) and drops to the sandbox user, then execs bwrap.
 * It replaces a Python preexec_fn so that subprocess can vfork instead of fork.
 * With -t, it then mounts the sandbox's /tmp: a tmpfs capped in bytes and in inodes (bwrap's own
 * --tmpfs takes no inode cap), owned by the sandbox user, in a user and mount namespace of its own
 * (private, so nothing propagates to the host) that bwrap then nests in; it goes with the sandbox.
 * usage: launcher [-c cgroup.procs]... [-r resource:soft:hard]... [-d from:to]...
 *                 [-t mountpoint:bytes:inodes] [-u uid:gid] -- program args...
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

static void die(const char *what, const char *arg) {
    fprintf(stderr, "sandbox launcher: %s %s: %s\n", what, arg, strerror(errno));
    _exit(127);
}

static void write_map(const char *path, const char *format, long first, long second) {
    char text[64];
    int length = snprintf(text, sizeof text, format, first, second);
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0 || write(fd, text, length) != length) die("cannot write", path);
    close(fd);
}

int main(int argc, char **argv) {
    char pid[32];
    int pid_len = snprintf(pid, sizeof pid, "%d", (int)getpid());
    long uid = -1, gid = -1;
    int moves = 0, from[16], to[16], limits = 0;
    const char *limit_args[16];
    const char *tmp_arg = NULL;
    int i = 1;
    for (; i + 1 < argc && strcmp(argv[i], "--") != 0; i += 2) {
        const char *option = argv[i], *value = argv[i + 1];
        if (strcmp(option, "-c") == 0) {
            int fd = open(value, O_WRONLY | O_CLOEXEC);
            if (fd < 0 || write(fd, pid, pid_len) != pid_len) die("cannot join cgroup", value);
            close(fd);
        } else if (strcmp(option, "-r") == 0) {
            if (limits == 16) { errno = EINVAL; die("too many rlimits", value); }
            limit_args[limits++] = value;  /* set after the descriptors move: RLIMIT_NOFILE may be low */
        } else if (strcmp(option, "-d") == 0) {
            if (moves == 16 || sscanf(value, "%d:%d", &from[moves], &to[moves]) != 2) { errno = EINVAL; die("bad -d", value); }
            moves++;
        } else if (strcmp(option, "-t") == 0) {
            tmp_arg = value;
        } else if (strcmp(option, "-u") == 0) {
            if (sscanf(value, "%ld:%ld", &uid, &gid) != 2) { errno = EINVAL; die("bad uid:gid", value); }
        } else {
            errno = EINVAL;
            die("unknown option", option);
        }
    }
    if (i >= argc - 1 || strcmp(argv[i], "--") != 0) { errno = EINVAL; die("usage:", "launcher [options] -- program args"); }
    int moved[16];
    for (int m = 0; m < moves; m++) {
        moved[m] = fcntl(from[m], F_DUPFD_CLOEXEC, 8);
        if (moved[m] < 0) die("cannot move descriptor", "");
    }
    for (int m = 0; m < moves; m++) close(from[m]);
    for (int m = 0; m < moves; m++)
        if (dup2(moved[m], to[m]) < 0) die("cannot move descriptor", "");
    for (int l = 0; l < limits; l++) {
        int resource;
        unsigned long long soft, hard;
        if (sscanf(limit_args[l], "%d:%llu:%llu", &resource, &soft, &hard) != 3) { errno = EINVAL; die("bad rlimit", limit_args[l]); }
        struct rlimit limit = {(rlim_t)soft, (rlim_t)hard};
        if (setrlimit(resource, &limit) != 0) die("cannot set rlimit", limit_args[l]);
    }
    if (uid >= 0) {
        if (setgroups(0, NULL) != 0) die("cannot clear groups", "");
        if (setresgid(gid, gid, gid) != 0) die("cannot set gid", "");
        if (setresuid(uid, uid, uid) != 0) die("cannot set uid", "");
        if (geteuid() != (uid_t)uid || getegid() != (gid_t)gid) { errno = EPERM; die("privileges still held", ""); }
    }
    if (tmp_arg != NULL) {
        /* As the sandbox user already: a user namespace of its own (its uid mapped to itself) owns
         * the mount namespace the tmpfs is mounted in, so no privilege on the host is needed. */
        char mountpoint[4096], options[128];
        unsigned long long bytes, inodes;
        if (sscanf(tmp_arg, "%4095[^:]:%llu:%llu", mountpoint, &bytes, &inodes) != 3) { errno = EINVAL; die("bad -t", tmp_arg); }
        snprintf(options, sizeof options, "size=%llu,nr_inodes=%llu,mode=0755", bytes, inodes);
        long self_uid = (long)getuid(), self_gid = (long)getgid();
        if (prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) != 0) die("cannot write the uid map of", "the launcher");
        if (unshare(CLONE_NEWUSER | CLONE_NEWNS) != 0) die("cannot make a user and mount namespace for", mountpoint);
        write_map("/proc/self/setgroups", "deny", 0, 0);
        write_map("/proc/self/uid_map", "%ld %ld 1", self_uid, self_uid);
        write_map("/proc/self/gid_map", "%ld %ld 1", self_gid, self_gid);
        if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) die("cannot make mounts private under", "/");
        if (mount("tmpfs", mountpoint, "tmpfs", MS_NOSUID | MS_NODEV, options) != 0) die("cannot mount /tmp on", mountpoint);
    }
    execv(argv[i + 1], argv + i + 1);
    die("cannot exec", argv[i + 1]);
    return 127;
}
