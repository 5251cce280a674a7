"""The bwrap command line of a sandbox and the rlimits its first process sets (by the C launcher,
or a preexec_fn without it)."""

from __future__ import annotations

import functools
import os
import resource
from dataclasses import dataclass
from typing import Optional

from .. import cgroups, config, launcher, slots
from .steps import BOX, SANDBOX_INIT, Step

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
    drop_to: Optional[tuple[int, int]]  # the uid/gid to start as (a root worker): the shared one
    backend: cgroups.Backend
    problem: str = ""  # why this launch cannot start (the init is missing): the run says so
    uid_range: Optional[slots.UidRange] = None  # instead of drop_to's uid, each sandbox takes one of its own
    etc: str = ""  # the directory of the sandbox's /etc files

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
        cfg = config.current()
        drop = step.drop_privileges and config.runs_as_root()
        return cls(
            step=step.shape(), bwrap=bwrap, init=init, launcher=launcher.path(),
            drop_to=(cfg.uid, cfg.gid) if drop else None,
            backend=cgroups.backend(), problem=problem,
            uid_range=slots.UidRange.of(cfg) if drop and config.uid_range_on(cfg) else None,
            etc=etc_dir(str(cfg.state_dir)),
        )

    def key(self) -> str:
        return repr((self.step, self.bwrap, self.init, self.launcher, self.drop_to, id(self.backend), self.problem,
                     self.uid_range, self.etc))


def bwrap_argv(launch: Launch, box: Optional[str], fds: dict[str, Optional[int]],
               tmp: Optional[str] = None) -> list[str]:
    """fds: seccomp, json (bwrap's status), init (the init's status), report, start. tmp: a tmpfs the
    launcher mounted for /tmp (capped in inodes too); without it, bwrap's own (bytes only)."""
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
    argv += ["--bind", tmp, "/tmp"] if tmp else ["--size", str(step.tmpfs_bytes), "--tmpfs", "/tmp"]
    argv += ["--ro-bind", launch.init, SANDBOX_INIT]
    if box is not None:
        argv += ["--bind" if step.box_writable else "--ro-bind", box, BOX]
    if launch.etc:
        argv += [arg for name in ETC_FILES for arg in ("--ro-bind", f"{launch.etc}/{name}", f"/etc/{name}")]
    argv += _mount_args(step.mounts)
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


def _mount_args(mounts) -> list[str]:
    argv: list[str] = []
    for mount in mounts:
        if mount.kind == "ro":
            argv += ["--ro-bind", mount.source, mount.dest]
        elif mount.kind == "rw":
            argv += ["--bind", mount.source, mount.dest]
        elif mount.kind == "symlink":
            argv += ["--symlink", mount.source, mount.dest]
        else:
            raise ValueError(f"unknown mount kind {mount.kind}")
    return argv


# What a program expects to find in /etc: `localhost` (a net/http test server on loopback), and
# names looked up in that file first (there is no DNS to ask).
ETC_FILES = {
    "hosts": "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n127.0.1.1\tsandbox\n",
    "nsswitch.conf": "hosts: files dns\n",
}


@functools.lru_cache(maxsize=None)
def etc_dir(state_dir: str) -> str:
    """The files of ETC_FILES, written once per state dir (readable by every sandbox uid)."""
    directory = config.ensure_state_dir() / "etc"
    directory.mkdir(mode=0o755, exist_ok=True)
    for name, content in ETC_FILES.items():
        path = directory / name
        if not path.exists() or path.read_text() != content:
            partial = directory / f".{name}.{os.getpid()}"
            partial.write_text(content)
            partial.chmod(0o644)
            os.replace(partial, path)
    return str(directory)


def child_limits(step: Step, join_files: list[str], nproc: Optional[int]) -> list[tuple[int, tuple[int, int]]]:
    cpu = max(1, int(step.cpu_time_s + 0.999))
    limits = [
        (resource.RLIMIT_CPU, (cpu, cpu + 1)),
        (resource.RLIMIT_FSIZE, (step.file_size_bytes, step.file_size_bytes)),
        (resource.RLIMIT_NOFILE, (step.open_files, step.open_files)),
        (resource.RLIMIT_CORE, (0, 0)),
        # Counted per uid on the host: bounded per run as well (POSIX message queues are refused).
        (resource.RLIMIT_SIGPENDING, (config.QUEUED_SIGNALS, config.QUEUED_SIGNALS)),
        (resource.RLIMIT_MSGQUEUE, (0, 0)),
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


