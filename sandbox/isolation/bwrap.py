"""The bwrap command line of a sandbox and the rlimits its first process sets (by the C launcher,
or a preexec_fn without it)."""

from __future__ import annotations

import os
import resource
from dataclasses import dataclass
from typing import Optional

from .. import cgroups, config, launcher
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
            drop_to=(config.current().uid, config.current().gid) if drop else None,
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


