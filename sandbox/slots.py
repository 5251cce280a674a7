"""A uid of its own for each concurrent sandbox, from a range reserved for sandboxes (as isolate
gives each box its own uid), so that no per-uid kernel quota (processes, pipe buffer pages,
queued signals, ...) drained by one run can reach another.

A worker process owns a uid while it holds the uid's lock file (flock, under the lock directory
every worker of this host shares): two processes, or two containers sharing the directory, never
run sandboxes as one uid, and a dead worker's uids are free again as soon as the kernel drops its
locks. A process keeps the uids it locked and reuses each only once the sandbox that had it is
empty, so a run's teardown is charged to its own uid, never to the next run's.
"""

from __future__ import annotations

import fcntl
import logging
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from . import config

log = logging.getLogger(__name__)

WAIT_FOR_FREE_S = 5.0


@dataclass(frozen=True)
class UidRange:
    base: int
    count: int
    lock_dir: Path

    @classmethod
    def of(cls, cfg: config.Config) -> "UidRange":
        return cls(cfg.uid_base, cfg.uid_count, cfg.uid_lock_dir)

    def __contains__(self, uid: int) -> bool:
        return self.base <= uid < self.base + self.count


@dataclass
class Slot:
    uid: int
    fd: int  # the uid's lock file, held for as long as this process owns the uid

    @property
    def ids(self) -> tuple[int, int]:
        return self.uid, self.uid  # the gid has the same number: nothing else uses it


class SlotsExhausted(RuntimeError):
    pass


class Slots:
    def __init__(self):
        self.lock = threading.Condition()
        self.free: list[Slot] = []  # locked by this process, their last sandbox empty
        self.held: dict[int, Slot] = {}  # every uid this process has locked

    def acquire(self, uids: UidRange) -> Slot:
        deadline = time.monotonic() + WAIT_FOR_FREE_S
        with self.lock:
            while True:
                while self.free:
                    slot = self.free.pop()
                    if slot.uid in uids:
                        return slot
                    self._unlock(slot)  # the range changed under a live worker: forget the old uid
                slot = self._lock_new(uids)
                if slot is not None:
                    return slot
                left = deadline - time.monotonic()
                if left > 0:
                    self.lock.wait(timeout=min(left, 0.1))  # a release here, or another process's
                    continue
                raise SlotsExhausted(
                    f"all {uids.count} sandbox uids from {uids.base} are in use on this host: raise "
                    "SANDBOX_UID_COUNT, or run fewer concurrent sandboxes (worker processes x pool size)")

    def release(self, slot: Slot, empty: bool) -> None:
        """The slot's sandbox is gone. A uid whose processes could not all be ended is never reused
        by this process (it keeps the lock, so no other process takes it either)."""
        with self.lock:
            if empty:
                self.free.append(slot)
                self.lock.notify()
            else:
                log.error("sandbox uid %d still has processes after its teardown: not reused", slot.uid)

    def _lock_new(self, uids: UidRange) -> Optional[Slot]:
        directory = lock_dir(uids.lock_dir)
        for uid in range(uids.base, uids.base + uids.count):
            if uid in self.held:
                continue
            fd = os.open(directory / str(uid), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                continue
            if uid_has_processes(uid):  # left by a worker that died: not ours to reuse yet
                os.close(fd)
                continue
            slot = self.held[uid] = Slot(uid, fd)
            return slot
        return None

    def _unlock(self, slot: Slot) -> None:
        self.held.pop(slot.uid, None)
        os.close(slot.fd)

    def close_inherited(self) -> None:
        """In a forked child: the parent owns these uids; drop our copies of its locks."""
        for slot in self.held.values():
            try:
                os.close(slot.fd)
            except OSError:
                pass
        self.held.clear()
        self.free.clear()
        self.lock = threading.Condition()


def lock_dir(path: Path) -> Path:
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = os.lstat(path)
    if os.path.islink(path) or info.st_uid != os.geteuid() or info.st_mode & 0o022:
        raise RuntimeError(f"the sandbox uid lock directory {path} must be a directory of uid {os.geteuid()} "
                           "that no one else can write")
    return path


def uid_has_processes(uid: int) -> bool:
    """Any process on this host (of this pid namespace) whose real uid is `uid`."""
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            if _real_uid(entry.name) == uid:  # not the directory's owner: a non-dumpable process's is root
                return True
        except OSError:
            continue
    return False


def kill_uid_processes(uid: int) -> None:
    """SIGKILL every process of a sandbox uid (where no cgroup holds the sandbox's processes)."""
    for entry in os.scandir("/proc"):
        try:
            if entry.name.isdigit() and _real_uid(entry.name) == uid:
                os.kill(int(entry.name), 9)
        except OSError:
            continue


def _real_uid(pid: str) -> int:
    with open(f"/proc/{pid}/status") as handle:
        for line in handle:
            if line.startswith("Uid:"):
                return int(line.split()[1])
    return -1


_slots = Slots()


def slots() -> Slots:
    return _slots


os.register_at_fork(after_in_child=lambda: _slots.close_inherited())
