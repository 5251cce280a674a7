"""Reaping what sandboxes leave: this worker is a child subreaper, so the orphans of a killed bwrap
(its init, a program whose init died first, a killed worker's prepared sandboxes) come here and
are waited for here, never left as zombies against the host's process limits."""

from __future__ import annotations

import contextlib
import functools
import json
import os
import threading
import time
from typing import Optional

from . import cgroups

PR_SET_CHILD_SUBREAPER = 36
_subreaper_pid = [0]


def become_subreaper() -> None:
    """Orphans of a killed bwrap come to this process, not to the host's PID 1 (which, in a
    container, may be this very worker and never reap them): see reap_orphan. The flag is not
    inherited by fork, so a Celery pool process sets it again."""
    if _subreaper_pid[0] == os.getpid():
        return
    import ctypes  # only a worker process pays for loading it

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


@contextlib.contextmanager
def holding_starts():
    """No sandbox of this process starts (forks) meanwhile. Hold it while writing a file a sandbox
    will execute: a child forked mid-write would hold the file open for writing until its exec,
    and the kernel refuses to execute such a file (ETXTBSY, "Text file busy")."""
    with _live_lock:
        yield


def start_registered(start):
    """Start a bwrap (start() -> Popen) and register it as one whose wait4 is ours, under the lock,
    so that reap_adopted never takes it for an orphan."""
    with _live_lock:
        proc = start()
        _live.add(proc.pid)
    return proc


def waited(pid: int) -> None:
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


def read_ready(fd: int) -> bytes:
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


def init_host_pid(raw: bytes) -> Optional[int]:
    for line in raw.decode(errors="replace").splitlines():
        if line.strip().startswith("{"):
            report = json.loads(line)
            if "child-pid" in report:
                return int(report["child-pid"])
    return None


def reap_the_rest(group: cgroups.Cgroup, timeout_s: float = 2.0) -> None:
    """After a kill: wait until no process of the sandbox is left, then reap those that came to
    this process (a program whose init died first is handed to the nearest subreaper)."""
    deadline = time.monotonic() + timeout_s
    while not group.empty() and time.monotonic() < deadline:
        group.kill_all()
        time.sleep(0.002)
    reap_adopted()


def reap_orphan(pid: Optional[int]) -> None:
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
