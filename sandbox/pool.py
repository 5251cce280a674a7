"""Prepared sandboxes, kept ready per worker process: a run takes one that is already started (for
Python, with the interpreter loaded) instead of waiting for namespaces, mounts and an interpreter
to come up. Each is used for exactly one run and then destroyed; a background thread starts the
replacement while no run is in progress and tears down the used one, so neither costs the next
learner anything.

Only steps marked `poolable` (nothing in them belongs to one run but stdin and /box) are kept,
for the kinds of step this process ran most recently. SANDBOX_POOL_SIZE (default 2) sandboxes of
each kind; 0 turns the pool off (every run then starts its sandbox itself, the same way).
SANDBOX_POOL_WAIT_S makes a run wait for a pooled sandbox (see pool_wait_s).
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from collections import OrderedDict, deque
from typing import Optional

from . import config
from .isolation import Launch, Outcome, Step
from .prepared import PreparedSandbox, become_subreaper, reap_adopted

log = logging.getLogger(__name__)

READY_TIMEOUT_S = 10.0
CHECK_EVERY_S = 5.0  # how often waiting sandboxes are checked for life when nothing else happens
# A worker's usual kinds: a Python run, a Go build and a Go run with the default limits, the older
# Go's build and run; a kind waiting is a bwrap and our init (a Python one also its interpreter).
KINDS_KEPT = 5


def pool_size() -> int:
    return config.current().pool_size


def pool_wait_s() -> float:
    """How long a run waits for a prepared sandbox of its kind before starting its own: 0 in
    service; the sandbox test suite sets it so that every attack runs in a pooled sandbox."""
    return config.current().pool_wait_s


class Pool:
    def __init__(self, size: int):
        self.size = size
        self.owner = os.getpid()
        self.cond = threading.Condition()
        self.idle: dict[str, deque[PreparedSandbox]] = {}
        self.wanted: OrderedDict[str, Launch] = OrderedDict()
        self.retired: deque[PreparedSandbox] = deque()
        self.running = 0  # runs in progress in this process: the thread waits for them
        self.working = False
        # The thread that starts a sandbox is its parent: bwrap --die-with-parent ties the sandbox
        # to that thread's life, so one long-lived thread starts them all.
        self.thread = threading.Thread(target=self._loop, name="sandbox-pool", daemon=True)
        self.thread.start()

    def take(self, launch: Launch, wait_s: float = 0.0) -> Optional[PreparedSandbox]:
        """A prepared sandbox of this kind, or None (the run starts its own). With wait_s, a run
        that finds none waits that long for the thread to prepare one."""
        key = launch.key()
        with self.cond:
            self.wanted[key] = launch
            self.wanted.move_to_end(key)
            while len(self.wanted) > KINDS_KEPT:
                stale, _ = self.wanted.popitem(last=False)
                self.retired.extend(self.idle.pop(stale, ()))
            if wait_s and not self.idle.get(key):
                self.cond.notify_all()
                self.cond.wait_for(lambda: self.idle.get(key) or key not in self.wanted, wait_s)
            self.running += 1
            queue = self.idle.get(key)
            while queue:
                sandbox = queue.popleft()
                if sandbox.alive():
                    return sandbox
                self.retired.append(sandbox)
            return None

    def finished(self, sandbox: PreparedSandbox) -> None:
        with self.cond:
            self.running -= 1
            self.retired.append(sandbox)
            self.cond.notify_all()

    def quiesce(self, timeout: float = 10.0) -> bool:
        """Wait until the thread has nothing left to do (for tests that count processes); False if
        it still had work when the time ran out."""
        with self.cond:
            return self.cond.wait_for(lambda: not self.working and not self._work_pending(), timeout)

    def idle_sandboxes(self) -> list[PreparedSandbox]:
        with self.cond:
            return [sandbox for queue in self.idle.values() for sandbox in queue]

    def clear(self) -> None:
        with self.cond:
            for queue in self.idle.values():
                self.retired.extend(queue)
            self.idle.clear()
            self.wanted.clear()
            self.cond.notify_all()
        self.quiesce()

    def _work_pending(self) -> bool:
        # Tearing down is mostly waiting on the kernel and must keep up under any load (each used
        # sandbox holds descriptors and a cgroup); starting new ones waits until no run is going on.
        if self.retired:
            return True
        if self.running:
            return False
        self._retire_dead()
        return bool(self.retired) or self._kind_to_fill() is not None

    def _retire_dead(self) -> None:
        """A sandbox that died while waiting (the host's OOM killer, an operator) is reaped and replaced."""
        for queue in self.idle.values():
            for sandbox in [sandbox for sandbox in queue if not sandbox.alive()]:
                queue.remove(sandbox)
                self.retired.append(sandbox)
                self.cond.notify_all()

    def _kind_to_fill(self) -> Optional[Launch]:
        for key, launch in reversed(self.wanted.items()):
            if len(self.idle.get(key, ())) < self.size:
                return launch
        return None

    def _loop(self) -> None:
        while True:
            with self.cond:
                if not self.cond.wait_for(self._work_pending, timeout=CHECK_EVERY_S):
                    reap_adopted()
                    continue
                self.working = True
                retired = self.retired.popleft() if self.retired else None
                launch = None if retired or self.running else self._kind_to_fill()
            try:
                if retired is not None:
                    retired.discard()
                elif launch is not None:
                    self._fill(launch)
            except Exception:  # noqa: BLE001 - the thread must outlive any one sandbox
                log.exception("sandbox pool")
                if launch is not None:
                    with self.cond:
                        self.wanted.pop(launch.key(), None)  # the run that wants it starts its own
            finally:
                with self.cond:
                    self.working = False
                    self.cond.notify_all()

    def _fill(self, launch: Launch) -> None:
        sandbox = PreparedSandbox(launch)
        sandbox.pooled = True
        ready = sandbox.wait_ready(READY_TIMEOUT_S)
        key = launch.key()
        with self.cond:
            if ready and key in self.wanted:
                self.idle.setdefault(key, deque()).append(sandbox)
                return
            if not ready:
                # A launch that cannot start is not retried here: the run that wants it starts its own and says why.
                self.wanted.pop(key, None)
            self.retired.append(sandbox)


_pool: Optional[Pool] = None
_pool_lock = threading.Lock()


def current() -> Optional[Pool]:
    """This process's pool, started on first use; None when SANDBOX_POOL_SIZE is 0."""
    global _pool
    if _pool is not None and _pool.owner == os.getpid():
        return _pool
    with _pool_lock:
        if _pool is None or _pool.owner != os.getpid():
            size = pool_size()
            _pool = Pool(size) if size else None
        return _pool


def _forget_after_fork() -> None:
    """A forked child does not own its parent's sandboxes (nor its thread): it starts its own pool."""
    global _pool, _pool_lock
    inherited, _pool, _pool_lock = _pool, None, threading.Lock()
    if inherited is not None:
        for sandbox in [s for queue in list(inherited.idle.values()) for s in list(queue)]:
            sandbox.fds.close()


os.register_at_fork(after_in_child=_forget_after_fork)


_this_thread = threading.local()


@contextlib.contextmanager
def bypassed():
    """Runs of this thread start their own sandboxes. The canary runs so: it must prove that a
    sandbox can start now, not that one started minutes ago still runs."""
    _this_thread.bypass = True
    try:
        yield
    finally:
        _this_thread.bypass = False


def _poolable(step: Step, launch: Launch) -> bool:
    # Without cgroups the process limit is RLIMIT_NPROC, counted per uid over every run on the
    # host: sandboxes waiting in pools would spend the learners' budget.
    return step.poolable and launch.backend.kind != "rlimit" and not getattr(_this_thread, "bypass", False)


def execute(step: Step) -> Outcome:
    """Run one step: in a prepared sandbox when one of its kind is ready, else in one started now."""
    become_subreaper()
    launch = Launch.of(step)
    pool = current() if _poolable(step, launch) else None
    sandbox = pool.take(launch, pool_wait_s()) if pool is not None else None
    if sandbox is None:
        sandbox = PreparedSandbox(launch)
    try:
        return sandbox.run(step.stdin, step.box_files, step.box_results)
    finally:
        if pool is not None:
            pool.finished(sandbox)
        else:
            sandbox.discard()
