"""Prepared sandboxes, kept ready per worker process: a run takes one that is already started (for
Python, with the interpreter loaded) instead of waiting for namespaces, mounts and an interpreter
to come up. Each is used for exactly one run and then destroyed.

Two long-lived threads serve the pool. The starter starts replacements, several at once (a start
mostly waits on the kernel: the cgroup move, namespaces, an interpreter loading), and watches them
get ready; the teardown thread destroys used ones, off the run's path. While no run is in progress
every kind is filled up to its size; while runs are in progress, a kind is started only when none
of it is left waiting (the next run of that kind would wait for it), so that runs arriving back to
back meet a sandbox that started during the run before, and a lone run does not share the CPU
with a refill it does not need. A run that finds none of its kind waiting but one starting waits
for that one, which started earlier than its own would.

Only steps marked `poolable` (nothing in them belongs to one run but stdin and /box) are kept,
for the kinds of step this process ran most recently. SANDBOX_POOL_SIZE (default 2) sandboxes of
each kind; 0 turns the pool off (every run then starts its sandbox itself, the same way).
SANDBOX_POOL_WAIT_S makes a run wait for a pooled sandbox (see pool_wait_s).
"""

from __future__ import annotations

import contextlib
import logging
import os
import select
import threading
import time
from collections import Counter, OrderedDict, deque
from typing import Optional

from . import config
from .isolation import READY_TIMEOUT_S, Launch, Outcome, Step
from .prepared import PreparedSandbox, become_subreaper, reap_adopted

log = logging.getLogger(__name__)

CHECK_EVERY_S = 5.0  # how often waiting sandboxes are checked for life when nothing else happens
# A worker's usual kinds: a Python run, a Go build and a Go run with the default limits, the older
# Go's build and run; a kind waiting is a bwrap and our init (a Python one also its interpreter).
KINDS_KEPT = 5
STARTING_AT_ONCE = 4  # sandboxes of this process starting at the same time
WAIT_FOR_STARTING_S = 2.0  # how long a run waits for a sandbox of its kind that is already starting


def pool_size() -> int:
    return config.current().pool_size


def pool_wait_s() -> float:
    """How long a run waits for a prepared sandbox of its kind before starting its own when none
    is starting: 0 in service; the sandbox test suite sets it so that every attack runs in a
    pooled sandbox."""
    return config.current().pool_wait_s


class Pool:
    def __init__(self, size: int):
        self.size = size
        self.owner = os.getpid()
        lock = threading.RLock()
        self.cond = threading.Condition(lock)  # what runs and quiesce wait for
        self.retiring = threading.Condition(lock)  # what the teardown thread waits for
        self.idle: dict[str, deque[PreparedSandbox]] = {}
        self.starting: dict[str, list[PreparedSandbox]] = {}
        self.spawning: Counter[str] = Counter()  # chosen to start, not yet in `starting`
        self.wanted: OrderedDict[str, Launch] = OrderedDict()
        self.retired: deque[PreparedSandbox] = deque()
        self.running = 0  # runs in progress in this process
        self.tearing_down = 0
        self.wake_r, self.wake_w = os.pipe2(os.O_NONBLOCK | os.O_CLOEXEC)
        # The thread that starts a sandbox is its parent: bwrap --die-with-parent ties the sandbox
        # to that thread's life, so one long-lived thread starts them all.
        self.starter = threading.Thread(target=self._start_loop, name="sandbox-pool", daemon=True)
        self.teardown = threading.Thread(target=self._teardown_loop, name="sandbox-teardown", daemon=True)
        self.starter.start()
        self.teardown.start()

    def take(self, launch: Launch, wait_s: float = 0.0) -> Optional[PreparedSandbox]:
        """A prepared sandbox of this kind, or None (the run starts its own). A run waits for one of
        its kind that is starting (up to WAIT_FOR_STARTING_S), and with wait_s for the starter to
        start one."""
        key = launch.key()
        now = time.monotonic()
        deadline, starting_deadline = now + wait_s, now + WAIT_FOR_STARTING_S
        with self.cond:
            self._want(key, launch)
            self.running += 1
            while True:
                sandbox = self._pop_idle(key)
                if not self.idle.get(key):
                    self._wake()  # none of this kind left waiting: the starter starts its next one now
                if sandbox is not None or key not in self.wanted:
                    return sandbox
                starting = self.starting.get(key) or self.spawning[key]
                until = max(deadline, starting_deadline if starting else 0.0)
                left = until - time.monotonic()
                if left <= 0:
                    return None
                self.cond.wait(left)

    def finished(self, sandbox: PreparedSandbox) -> None:
        with self.cond:
            self.running -= 1
            self._retire([sandbox])
            if not self.running:
                self._wake()  # no run in progress: every kind may be filled up to its size

    def quiesce(self, timeout: float = 10.0) -> bool:
        """Wait until neither thread has anything left to do (for tests that count processes);
        False if they still had work when the time ran out."""
        with self.cond:
            self._wake()
            return self.cond.wait_for(self._settled, timeout)

    def idle_sandboxes(self) -> list[PreparedSandbox]:
        with self.cond:
            return [sandbox for queue in self.idle.values() for sandbox in queue]

    def clear(self) -> None:
        with self.cond:
            for queue in self.idle.values():
                self._retire(queue)
            self.idle.clear()
            self.wanted.clear()
            self.cond.notify_all()
        self.quiesce()

    def _want(self, key: str, launch: Launch) -> None:
        self.wanted[key] = launch
        self.wanted.move_to_end(key)
        while len(self.wanted) > KINDS_KEPT:
            stale, _ = self.wanted.popitem(last=False)
            self._retire(self.idle.pop(stale, ()))  # its starting ones are retired when ready

    def _pop_idle(self, key: str) -> Optional[PreparedSandbox]:
        queue = self.idle.get(key)
        while queue:
            sandbox = queue.popleft()
            if sandbox.alive():
                return sandbox
            self._retire([sandbox])
        return None

    def _retire(self, sandboxes) -> None:
        self.retired.extend(sandboxes)
        self.retiring.notify()

    def _wake(self) -> None:
        try:
            os.write(self.wake_w, b"\0")
        except BlockingIOError:
            pass  # already awake: a byte is waiting

    def _settled(self) -> bool:
        self._retire_dead()
        busy = self.retired or self.tearing_down or any(self.starting.values()) or +self.spawning
        return not busy and not self._to_start(limit=1)

    def _retire_dead(self) -> None:
        """A sandbox that died while waiting (the host's OOM killer, an operator) is reaped and replaced."""
        for queue in self.idle.values():
            for sandbox in [sandbox for sandbox in queue if not sandbox.alive()]:
                queue.remove(sandbox)
                self._retire([sandbox])
                self._wake()

    def _to_start(self, limit: int) -> list[Launch]:
        """The launches to start now, the most recently wanted kind first."""
        launches: list[Launch] = []
        for key, launch in reversed(self.wanted.items()):
            waiting = len(self.idle.get(key, ()))
            if self.running and waiting:
                continue
            missing = self.size - waiting - len(self.starting.get(key, ())) - self.spawning[key]
            launches += [launch] * max(0, min(missing, limit - len(launches)))
        return launches

    def _start_loop(self) -> None:
        while True:
            with self.cond:
                self._retire_dead()
                busy = sum(map(len, self.starting.values())) + sum(self.spawning.values())
                launches = self._to_start(limit=STARTING_AT_ONCE - busy)
                self.spawning.update(launch.key() for launch in launches)
            for launch in launches:
                self._spawn(launch)
            self._wait_for_news()
            self._settle_started()

    def _spawn(self, launch: Launch) -> None:
        key = launch.key()
        sandbox = None
        try:
            sandbox = PreparedSandbox(launch)
            sandbox.pooled = True
        except Exception:  # noqa: BLE001 - the thread must outlive any one sandbox
            log.exception("sandbox pool")
        with self.cond:
            self.spawning[key] -= 1
            if sandbox is None:
                self.wanted.pop(key, None)  # the run that wants it starts its own and says why
            else:
                self.starting.setdefault(key, []).append(sandbox)
            self.cond.notify_all()

    def _wait_for_news(self) -> None:
        """Until a starting sandbox is ready or ended, a run or a teardown changes what is wanted,
        or it is time to look at the waiting ones again."""
        with self.cond:
            starting = [sandbox for group in self.starting.values() for sandbox in group]
        watched = [self.wake_r] + [fd for sandbox in starting for fd in sandbox.ready_signals()]
        timeout = min([CHECK_EVERY_S] + [max(0.0, sandbox.started_at + READY_TIMEOUT_S - time.monotonic())
                                         for sandbox in starting])
        readable, _, _ = select.select(watched, [], [], timeout)
        if self.wake_r in readable:
            with contextlib.suppress(BlockingIOError):
                os.read(self.wake_r, 4096)

    def _settle_started(self) -> None:
        with self.cond:
            for key, group in self.starting.items():
                for sandbox in list(group):
                    state = sandbox.start_state(READY_TIMEOUT_S)
                    if state is None:
                        continue
                    group.remove(sandbox)
                    if state and key in self.wanted:
                        self.idle.setdefault(key, deque()).append(sandbox)
                    else:
                        if not state:  # not retried here: the run that wants it starts its own and says why
                            self.wanted.pop(key, None)
                        self._retire([sandbox])
                    self.cond.notify_all()

    def _teardown_loop(self) -> None:
        while True:
            with self.cond:
                if not self.retiring.wait_for(lambda: self.retired, timeout=CHECK_EVERY_S):
                    sandbox = None
                else:
                    sandbox = self.retired.popleft()
                    self.tearing_down += 1
            if sandbox is None:
                reap_adopted()
                continue
            try:
                sandbox.discard()
            except Exception:  # noqa: BLE001 - the thread must outlive any one sandbox
                log.exception("sandbox pool")
            finally:
                with self.cond:
                    self.tearing_down -= 1
                    self.cond.notify_all()


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
        held = [list(queue) for queue in inherited.idle.values()] + list(inherited.starting.values())
        for sandbox in [sandbox for group in held for sandbox in group]:
            sandbox.fds.close()
        os.close(inherited.wake_r)
        os.close(inherited.wake_w)


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
