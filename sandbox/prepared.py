"""A sandbox started ahead of its run: namespaces, mounts, cgroup, seccomp and the init in place (for
an interpreter, the interpreter loaded too), waiting on a pipe for the one run it will ever serve.

Every run goes this way, pooled or not: `PreparedSandbox(launch)`, then `run()`, then `discard()`,
so a sandbox taken from the pool and one started for the run are the same thing started at
different times. The run's clock starts with its start signal.
"""

from __future__ import annotations

import os
import select
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Optional, Union

from . import cgroups, config, launcher, slots
from .isolation import (
    FIXED_FDS, Launch, Outcome, Step, bwrap_argv, child_limits, child_setup, memfd_with, seccomp_program,
)
from .reaping import (
    become_subreaper, holding_starts, init_host_pid, reap_adopted, reap_orphan, reap_the_rest, read_ready,
    start_registered, waited,
)
from .supervision import Supervision

__all__ = ["PreparedSandbox", "become_subreaper", "new_run_dir", "reap_adopted", "runs_dir"]


NPROC_MARGIN = 4  # bwrap's own processes beside the step's


def _nproc(step: Step, join: list[str], slot: Optional[slots.Slot]) -> int:
    """RLIMIT_NPROC counts every process of the uid on the host. With a uid of its own it bounds this
    sandbox alone; with a shared uid and a pids cgroup it is only a loose backstop."""
    if slot is not None or not join:
        return step.processes + (NPROC_MARGIN if slot is not None else 0)
    return max(step.processes * 8, 512)


def runs_dir() -> Path:
    runs = config.ensure_state_dir() / "runs"
    runs.mkdir(mode=0o755, exist_ok=True)  # the sandbox user binds files from here
    return runs


def new_run_dir() -> Path:
    """A directory of this worker process (its pid in the name, for remove_stale_run_dirs)."""
    path = Path(tempfile.mkdtemp(prefix=f"run-{os.getpid()}-", dir=runs_dir()))
    path.chmod(0o755)
    return path


class _Pipes:
    """The descriptors of one sandbox: the worker keeps every read end (and the start signal's
    write end and stdin), the sandbox gets the rest."""

    def __init__(self, step: Step):
        self.seccomp = memfd_with("seccomp", seccomp_program())
        self.stdin = os.memfd_create("stdin")  # filled when the run starts; the offset stays 0
        self.json_r, self.json_w = os.pipe()  # bwrap's own report: the host pid of our init
        self.init_r, self.init_w = os.pipe()  # the init's report: how the program ended
        reports = step.report_channel or step.started_by == "program"
        self.report_r, self.report_w = os.pipe() if reports else (None, None)
        self.start_r, self.start_w = os.pipe()  # one byte starts the run; end of file discards the sandbox

    def for_sandbox(self) -> dict[str, Optional[int]]:
        return {"seccomp": self.seccomp, "json": self.json_w, "init": self.init_w, "report": self.report_w,
                "start": self.start_r}

    def passed(self) -> tuple[int, ...]:
        return tuple(fd for fd in self.for_sandbox().values() if fd is not None)

    def close_sandbox_ends(self) -> None:
        for name in ("seccomp", "json_w", "init_w", "report_w", "start_r"):
            self._close(name)

    def close(self) -> None:
        for name in ("seccomp", "stdin", "json_r", "json_w", "init_r", "init_w", "report_r", "report_w",
                     "start_r", "start_w"):
            self._close(name)

    def _close(self, name: str) -> None:
        fd = getattr(self, name)
        if fd is not None:
            os.close(fd)
            setattr(self, name, None)


class PreparedSandbox:
    """One sandbox, started and waiting for its run. Used once: run() then discard()."""

    def __init__(self, launch: Launch):
        self.launch = launch
        self.proc: Optional[subprocess.Popen] = None
        self.pidfd: Optional[int] = None
        self.box: Optional[Path] = None
        self.setup_error: Optional[str] = None
        self.notes: list[str] = []
        self.pooled = False
        self.init_pid: Optional[int] = None
        self.slot: Optional[slots.Slot] = None  # the uid of its own, with a uid range
        self.started_at = time.monotonic()
        step = launch.step
        self.enforcement = launch.backend.kind
        try:
            self.group = launch.backend.create(step.memory_bytes, step.processes)
        except OSError as exc:
            self.group = cgroups.Cgroup()
            self.enforcement = "rlimit"
            self.notes.append(f"cgroup unavailable ({exc}); memory bounded by rlimits only")
        self.fds = _Pipes(step)
        try:
            self._spawn()
        finally:
            self.fds.close_sandbox_ends()

    def _spawn(self) -> None:
        launch, step = self.launch, self.launch.step
        if launch.problem:
            self.setup_error = f"could not start the sandbox: {launch.problem}"
            return
        join = self.group.join_files()
        try:
            drop_to = launch.drop_to
            if launch.uid_range is not None:
                self.slot = slots.slots().acquire(launch.uid_range)
                drop_to = self.slot.ids
            limits = child_limits(step, join, _nproc(step, join, self.slot) if step.drop_privileges else None)
            if step.box_files:
                self.box = new_run_dir()
                if step.box_writable and drop_to:
                    os.chown(self.box, *drop_to)  # the build writes its binary there
            passed = self.fds.for_sandbox()
            box = str(self.box) if self.box else None
            preexec = None
            if launch.launcher:
                # The launcher moves them to fixed numbers: nothing in the sandbox depends on the worker's descriptors.
                fixed = {name: FIXED_FDS[name] if fd is not None else None for name, fd in passed.items()}
                moves = {fd: FIXED_FDS[name] for name, fd in passed.items() if fd is not None}
                tmp = None
                if self.slot is not None:  # the launcher mounts /tmp as the sandbox user, capped in inodes too
                    tmp = (str(config.tmp_mountpoint()), step.tmpfs_bytes, config.tmpfs_inodes(step.tmpfs_bytes))
                argv = launcher.argv(launch.launcher, join_files=join, limits=limits, moves=moves,
                                     drop_to=drop_to, tmp=tmp) + bwrap_argv(launch, box, fixed, tmp and tmp[0])
            else:
                # subprocess closes every descriptor not passed after a preexec_fn: they keep their numbers.
                argv = bwrap_argv(launch, box, passed)
                preexec = child_setup(join, limits, drop_to)
            self.proc = start_registered(lambda: subprocess.Popen(
                argv,
                stdin=self.fds.stdin,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                pass_fds=self.fds.passed(),
                preexec_fn=preexec,
                env={},  # the launcher and bwrap need no environment
                start_new_session=True,
            ))
            self.pidfd = os.pidfd_open(self.proc.pid)
        except (OSError, subprocess.SubprocessError, RuntimeError, ValueError) as exc:
            self.setup_error = f"could not start the sandbox: {exc}"
        except Exception as exc:  # noqa: BLE001 - a sandbox that cannot start is ours to report, never the program's
            self.setup_error = f"could not start the sandbox: {type(exc).__name__}: {exc}"

    def alive(self) -> bool:
        """Started, and not ended since (a sandbox may die while it waits in the pool)."""
        if self.setup_error is not None or self.pidfd is None:
            return False
        return not select.select([self.pidfd], [], [], 0)[0]

    def ready_signals(self) -> list[int]:
        """What a starter selects on: the ready word's pipe and the sandbox's end (the word stays in
        its pipe for the run to read)."""
        if self.setup_error is not None or self.pidfd is None:
            return []
        return [self._ready_fd(), self.pidfd]

    def start_state(self, timeout_s: float) -> Optional[bool]:
        """True once it is set up and waiting for its run; False if it ended, never started, or took
        longer than timeout_s; None while it is still starting."""
        if not self.alive():
            return False
        if select.select([self._ready_fd()], [], [], 0)[0]:
            return True
        return None if time.monotonic() - self.started_at < timeout_s else False

    def wait_until_ready(self, timeout_s: float) -> bool:
        """True once it is set up and waiting for its run; False if it ended or timeout_s passed
        first. A run's clock starts when its sandbox is ready, whether the pool started it or the run."""
        signals = self.ready_signals()
        if signals:
            select.select(signals, [], [], timeout_s)  # at once when it is ready (or ended) already
        return self.start_state(float("inf")) is True

    def _ready_fd(self) -> int:
        return self.fds.report_r if self.launch.step.started_by == "program" else self.fds.init_r

    def run(self, stdin: bytes, box_files: dict[str, Union[bytes, Path]],
            box_results: Optional[dict[str, Path]] = None) -> Outcome:
        outcome = Outcome(enforcement=self.enforcement, notes=list(self.notes), cgroup=self.group.name,
                          pooled=self.pooled)
        if self.setup_error:
            outcome.setup_error = self.setup_error
            return outcome
        try:
            self._fill_box(box_files)
            os.pwrite(self.fds.stdin, stdin, 0)
        except OSError as exc:
            outcome.setup_error = f"could not hand the run to the sandbox: {exc}"  # the caller discards it
            return outcome
        outcome = Supervision(self, outcome).run()
        for name, destination in (box_results or {}).items():
            try:
                os.replace(self.box / name, destination)  # the same file system: the runs directory
            except FileNotFoundError:
                pass  # not made (the build failed): the outcome says why
        return outcome

    def _fill_box(self, box_files: dict[str, Union[bytes, Path]]) -> None:
        for name, content in box_files.items():
            target = self.box / name
            if isinstance(content, Path):
                try:
                    os.link(content, target)  # a built binary: as read-only as a bind mount of it
                except OSError:
                    with holding_starts():  # an executable being written is never inherited by a fork
                        shutil.copyfile(content, target)
                    target.chmod(0o755)
            else:
                target.write_bytes(content)
                target.chmod(0o644)

    def discard(self) -> None:
        """Stop it unused (or after its run) and reap it."""
        if self.proc is not None and self.proc.returncode is None:
            try:
                os.kill(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.group.kill_all()
            _, status, _ = os.wait4(self.proc.pid, 0)
            waited(self.proc.pid)
            self.proc.returncode = os.waitstatus_to_exitcode(status)
            reap_orphan(self.init_pid or init_host_pid(read_ready(self.fds.json_r)))
            reap_the_rest(self.group)
        self.release()

    def release(self) -> None:
        """Free what the finished sandbox held: descriptors, cgroup, box."""
        if self.proc is not None:
            for stream in (self.proc.stdout, self.proc.stderr):
                if stream is not None and not stream.closed:
                    stream.close()
        if self.pidfd is not None:
            os.close(self.pidfd)
            self.pidfd = None
        self.fds.close()
        emptied = self._emptied()
        try:
            self.group.destroy()
        except OSError:
            pass
        if self.box is not None:
            shutil.rmtree(self.box, ignore_errors=True)
            self.box = None
        if self.slot is not None:
            slots.slots().release(self.slot, emptied)
            self.slot = None

    def _emptied(self, timeout_s: float = 2.0) -> bool:
        """No process of this sandbox is left (so its uid may serve the next one)."""
        if self.proc is None:
            return True
        if self.group.kind != "rlimit":
            empty, kill = self.group.drained, self.group.kill_all
        elif self.slot is not None:
            uid = self.slot.uid
            empty, kill = (lambda: not slots.uid_has_processes(uid)), (lambda: slots.kill_uid_processes(uid))
        else:
            return True
        deadline = time.monotonic() + timeout_s
        while not empty():
            if time.monotonic() > deadline:
                return False
            kill()
            time.sleep(0.005)
            reap_adopted()
        return True
