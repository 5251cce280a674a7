"""The seccomp filter every sandbox loads before our init: the syscalls a snippet has no business
with, and those that draw on host-wide or per-uid kernel pools shared with other tenants."""

from __future__ import annotations

import errno
import functools
import os

# Syscalls that have no business in an interview snippet and widen the kernel surface.
BLOCKED_SYSCALLS = (
    "ptrace process_vm_readv process_vm_writev mount umount umount2 pivot_root chroot "
    "unshare setns bpf keyctl add_key request_key perf_event_open kexec_load kexec_file_load "
    "init_module finit_module delete_module swapon swapoff reboot acct quotactl syslog "
    "userfaultfd io_uring_setup io_uring_enter io_uring_register open_by_handle_at "
    "name_to_handle_at fanotify_init lookup_dcookie kcmp iopl ioperm mount_setattr move_mount "
    "open_tree fsopen fsconfig fsmount fspick pidfd_getfd process_madvise "
    # Host-wide kernel pools a run could drain for every other tenant (fs.aio-max-nr,
    # inotify instances per uid) or observe others through (inotify on the shared /usr).
    "io_setup io_destroy io_submit io_cancel io_getevents io_pgetevents "
    "inotify_init inotify_init1 inotify_add_watch fanotify_mark "
    # SysV IPC and POSIX message queues: per-uid quotas shared by every run of the sandbox user.
    "shmget shmat shmdt shmctl semget semop semtimedop semctl msgget msgsnd msgrcv msgctl "
    "mq_open mq_unlink mq_timedsend mq_timedreceive mq_notify mq_getsetattr"
).split()
F_SETPIPE_SZ = 1031  # bigger pipes come out of the sandbox user's host-wide pipe-user-pages quota
CLONE_NAMESPACE_FLAGS = (0x00020000, 0x02000000, 0x04000000, 0x08000000, 0x10000000, 0x20000000, 0x40000000, 0x00000080)
TIOCSTI = 0x5412
# AF_UNIX=1, AF_INET=2, AF_INET6=10 stay: the net namespace only has loopback,
# and Go's net/http test servers need it. Netlink, packet, etc. are refused.
ALLOWED_SOCKET_FAMILIES = (1, 2, 10)


@functools.lru_cache(maxsize=None)
def seccomp_program() -> bytes:
    import pyseccomp as sc

    filt = sc.SyscallFilter(sc.ALLOW)
    eperm = sc.ERRNO(errno.EPERM)
    for name in BLOCKED_SYSCALLS:
        try:
            filt.add_rule(eperm, name)
        except (OSError, ValueError, RuntimeError):
            pass  # syscall unknown on this architecture / libseccomp version
    # clone3 passes flags in memory seccomp cannot inspect; ENOSYS makes libc fall back to clone.
    filt.add_rule(sc.ERRNO(errno.ENOSYS), "clone3")
    for flag in CLONE_NAMESPACE_FLAGS:
        filt.add_rule(eperm, "clone", sc.Arg(0, sc.MASKED_EQ, flag, flag))
    filt.add_rule(sc.ERRNO(errno.EAFNOSUPPORT), "socket", sc.Arg(0, sc.GT, max(ALLOWED_SOCKET_FAMILIES)))
    for family in range(max(ALLOWED_SOCKET_FAMILIES)):
        if family not in ALLOWED_SOCKET_FAMILIES:
            filt.add_rule(sc.ERRNO(errno.EAFNOSUPPORT), "socket", sc.Arg(0, sc.EQ, family))
    filt.add_rule(eperm, "ioctl", sc.Arg(1, sc.MASKED_EQ, 0xFFFFFFFF, TIOCSTI))
    filt.add_rule(eperm, "fcntl", sc.Arg(1, sc.MASKED_EQ, 0xFFFFFFFF, F_SETPIPE_SZ))

    fd = os.memfd_create("seccomp-export")
    try:
        filt.export_bpf(_FdHolder(fd))
        os.lseek(fd, 0, os.SEEK_SET)
        return _read_all(fd)
    finally:
        os.close(fd)


class _FdHolder:
    def __init__(self, fd: int):
        self._fd = fd

    def fileno(self) -> int:
        return self._fd


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 65536):
        chunks.append(chunk)
    return b"".join(chunks)


def memfd_with(name: str, data: bytes) -> int:
    fd = os.memfd_create(name)
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
    os.lseek(fd, 0, os.SEEK_SET)
    return fd


