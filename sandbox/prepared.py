"""A sandbox started ahead of its run: namespaces, mounts, cgroup, seccomp and the init in place (for
an interpreter, the interpreter loaded too), waiting on a pipe for the one run it will ever serve.

Every run goes this way, pooled or not: `PreparedSandbox(launch)`, then `run()`, then `discard()`,
so a sandbox taken from the pool and one started for the run are the same thing started at
different times. The run's clock starts with its start signal.
"""

from __future__ import annotations

import functools
import json
import os
import select
import selectors
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Optional, Union

from . import cgroups, config, launcher
from .isolation import (
    FIXED_FDS, READY, STDERR_FLOOD_BYTES, Launch, Outcome, Step, _memfd_with, bwrap_argv, child_limits, child_setup,
    decode_status, seccomp_program,
)

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


_live_lock = threading.Lock()
_live: set[int] = set()  # host pids of this process's bwraps not yet waited for (their wait4 is ours)
SANDBOX_COMMANDS = ("bwrap", ".init")


def _forget_after_fork() -> None:
    """A forked child has none of its parent's sandboxes to wait for, and the lock may have been
    held by a thread of the parent that the child does not have."""
    global _live_lock, _live
    _live_lock, _live = threading.Lock(), set()


os.register_at_fork(after_in_child=_forget_after_fork)


def _waited(pid: int) -> None:
    with _live_lock:
        _live.discard(pid)


def reap_adopted() -> list[int]:
    """Reap the sandbox processes this process adopted as a subreaper: a killed worker's prepared
    sandboxes (they die with it and come here), the init of a bwrap we killed, and a program whose
    init died before it (its namespace's processes come to the nearest subreaper). Only dead ones
    that are a sandbox's (a bwrap, or a process of a deeper pid namespace) and that no run of this
    process still waits for: other children (Celery's pool processes, a test's workers) are left
    to their owners."""
    reaped = []
    for pid in _child_pids():
        if not _dead_sandbox_process(pid):
            continue
        with _live_lock:
            if pid in _live:
                continue
        try:
            if os.waitpid(pid, os.WNOHANG)[0]:
                reaped.append(pid)
        except ChildProcessError:
            pass
    return reaped


def _dead_sandbox_process(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/status") as handle:
            fields = dict(line.split(":", 1) for line in handle if ":" in line)
    except OSError:
        return False
    if not fields.get("State", "").strip().startswith("Z"):
        return False
    return fields.get("Name", "").strip() in SANDBOX_COMMANDS or _pid_depth(fields) > _own_pid_depth()


def _pid_depth(fields: dict[str, str]) -> int:
    return len(fields.get("NSpid", "").split())


@functools.lru_cache(maxsize=1)
def _own_pid_depth() -> int:
    with open("/proc/self/status") as handle:
        return _pid_depth(dict(line.split(":", 1) for line in handle if ":" in line))


def _child_pids() -> list[int]:
    pids = []
    try:
        tasks = os.listdir("/proc/self/task")
    except OSError:
        return pids
    for task in tasks:
        try:
            with open(f"/proc/self/task/{task}/children") as handle:
                pids += [int(pid) for pid in handle.read().split()]
        except OSError:
            continue
    return pids


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
        self.seccomp = _memfd_with("seccomp", seccomp_program())
        self.stdin = os.memfd_create("stdin")  # filled when the run starts; the offset stays 0
        self.json_r, self.json_w = os.pipe()  # bwrap's own report: the host pid of our init
        self.init_r, self.init_w = os.pipe()  # the init's report: how the program ended
        self.report_r, self.report_w = os.pipe() if step.report_channel or step.started_by == "program" else (None, None)
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
        # With a pids cgroup, RLIMIT_NPROC (per-uid, shared by concurrent runs) is only a loose backstop.
        nproc = step.processes if not join else max(step.processes * 8, 512)
        limits = child_limits(step, join, nproc if step.drop_privileges else None)
        try:
            if step.box_files:
                self.box = new_run_dir()
                if step.box_writable and launch.drop_to:
                    os.chown(self.box, *launch.drop_to)  # the build writes its binary there
            passed = self.fds.for_sandbox()
            box = str(self.box) if self.box else None
            preexec = None
            if launch.launcher:
                # The launcher moves them to fixed numbers: nothing in the sandbox depends on the worker's descriptors.
                fixed = {name: FIXED_FDS[name] if fd is not None else None for name, fd in passed.items()}
                moves = {fd: FIXED_FDS[name] for name, fd in passed.items() if fd is not None}
                argv = launcher.argv(launch.launcher, join_files=join, limits=limits, moves=moves,
                                     drop_to=launch.drop_to) + bwrap_argv(launch, box, fixed)
            else:
                # subprocess closes every descriptor not passed after a preexec_fn: they keep their numbers.
                argv = bwrap_argv(launch, box, passed)
                preexec = child_setup(join, limits, launch.drop_to)
            with _live_lock:  # registered before reap_adopted can see it dead
                self.proc = subprocess.Popen(
                    argv,
                    stdin=self.fds.stdin,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    pass_fds=self.fds.passed(),
                    preexec_fn=preexec,
                    env={},  # the launcher and bwrap need no environment
                    start_new_session=True,
                )
                _live.add(self.proc.pid)
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

    def wait_ready(self, timeout: float) -> bool:
        """Wait until it is set up and waiting for its run (True), or has ended or hangs (False).
        The ready word stays in its pipe for the run to read."""
        if not self.alive():
            return False
        signal_fd = self.fds.report_r if self.launch.step.started_by == "program" else self.fds.init_r
        readable, _, _ = select.select([signal_fd, self.pidfd], [], [], timeout)
        return signal_fd in readable and self.pidfd not in readable

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
        outcome = _supervise(self, outcome)
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
            _waited(self.proc.pid)
            self.proc.returncode = os.waitstatus_to_exitcode(status)
            _reap_orphan(self.init_pid or _init_host_pid(_read_ready(self.fds.json_r)))
            _reap_the_rest(self.group)
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
        try:
            self.group.destroy()
        except OSError:
            pass
        if self.box is not None:
            shutil.rmtree(self.box, ignore_errors=True)
            self.box = None


def _supervise(sandbox: PreparedSandbox, outcome: Outcome) -> Outcome:
    step, group, proc, fds = sandbox.launch.step, sandbox.group, sandbox.proc, sandbox.fds
    started = time.monotonic()
    try:
        os.write(fds.start_w, b"\n")
    except BrokenPipeError:
        pass  # the sandbox is gone already: its status says how
    os.close(fds.start_w)
    fds.start_w = None
    pidfd = sandbox.pidfd
    streams = {proc.stdout.fileno(): "stdout", proc.stderr.fileno(): "stderr"}
    buffers = {"stdout": bytearray(), "stderr": bytearray()}
    status = bytearray()  # the init's words; its last one says the program ended
    sel = selectors.DefaultSelector()
    for fd in (*streams, fds.init_r):
        os.set_blocking(fd, False)
        sel.register(fd, selectors.EVENT_READ)
    sel.register(pidfd, selectors.EVENT_READ)
    deadline = started + step.wall_time_s
    cpu_check = group.cpu_time_s() is not None
    accounted = cpu_check and group.peak_memory_bytes() is not None  # no need for bwrap's rusage
    exited = False
    killed = False
    # With cgroup accounting, the verdict is complete when the init says the program ended: the
    # sandbox's teardown (namespaces, mounts) is left to release, off the learner's wait.
    ended_early = False
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

    def take(fd: int, chunk: bytes) -> None:
        nonlocal stderr_discarded
        name = streams[fd]
        buf = buffers[name]
        room = step.output_bytes - len(buf)
        if len(chunk) <= room:
            buf += chunk
            return
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
                    streams.pop(fd, None)
                    continue
                if fd == fds.init_r:
                    status += chunk
                else:
                    take(fd, chunk)
            if accounted and not exited and not killed and _program_ended(status):
                for fd in list(streams):  # all the program wrote is in its pipes now
                    while fd in streams:
                        try:
                            chunk = os.read(fd, 65536)
                        except BlockingIOError:
                            break
                        if not chunk:
                            del streams[fd]
                        else:
                            take(fd, chunk)
                if not killed:
                    ended_early = True
                    break
            if cpu_check and not exited:
                used = group.cpu_time_s()
                if used is not None and used > step.cpu_time_s:
                    outcome.cpu_exceeded = True
                    kill()
    finally:
        sel.close()
        if not exited and not ended_early:
            kill()
        if not ended_early:
            _, status_code, rusage = os.wait4(proc.pid, 0)
            _waited(proc.pid)
            proc.returncode = os.waitstatus_to_exitcode(status_code)
            proc.stdout.close()
            proc.stderr.close()

    outcome.wall_time_s = time.monotonic() - started
    outcome.stdout = bytes(buffers["stdout"])
    outcome.stderr = bytes(buffers["stderr"])
    sandbox.init_pid = _init_host_pid(_read_ready(fds.json_r))
    outcome.sandbox_pid = sandbox.init_pid
    if not ended_early:
        _reap_orphan(sandbox.init_pid)
        if killed:
            _reap_the_rest(group)
    status += _read_ready(fds.init_r)
    decode_status(outcome, step, 0 if ended_early else proc.returncode, killed, status.decode(errors="replace"))
    if fds.report_r is not None:
        _take_report(outcome, step, _read_ready(fds.report_r))
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


ENDED = (b"exited", b"signaled", b"exec-failed")


def _program_ended(status: bytes) -> bool:
    return any(line.split(b" ", 1)[0] in ENDED for line in status.splitlines())


def _take_report(outcome: Outcome, step: Step, report: bytes) -> None:
    if step.started_by != "program":
        outcome.report = report
        return
    if report.startswith(READY):
        outcome.report = report[len(READY):]
        return
    if outcome.setup_error is None and not outcome.wall_exceeded:
        detail = outcome.stderr.decode(errors="replace").strip()[-1500:]
        outcome.setup_error = (f"{step.argv[0]} ended before it was ready for the run"
                               + (f": {detail}" if detail else f" (exit {outcome.exit_code}, signal {outcome.signal})"))


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


def _reap_the_rest(group: cgroups.Cgroup, timeout_s: float = 2.0) -> None:
    """After a kill: wait until no process of the sandbox is left, then reap those that came to
    this process (a program whose init died first is handed to the nearest subreaper)."""
    deadline = time.monotonic() + timeout_s
    while not group.empty() and time.monotonic() < deadline:
        group.kill_all()
        time.sleep(0.002)
    reap_adopted()


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
