"""Every worker process beats in Redis (quizapp.runs.liveness): /healthz reads the newest, the
reaper asks whether the process that claimed a run is still alive.

A process is named by `process_identity()` (host, pid and a random tag, so a restarted worker
with the same host name and pid is a different process). The Celery main process beats from
`worker_ready`; each pool process starts its own beat the first time it claims a run.
"""

import os
import socket
import threading
import uuid

import redis
from django.conf import settings

from quizapp.runs import liveness, store

_stop = threading.Event()
_identity: tuple[int, str] | None = None  # (pid, identity) of the process that owns the beat


def process_identity() -> str:
    """This process's name, with its heartbeat running (started on first use after a fork)."""
    global _identity
    if _identity is None or _identity[0] != os.getpid():
        identity = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        _identity = (os.getpid(), identity)
        _beat_once(identity)
        threading.Thread(target=_beat_forever, args=(identity,), daemon=True, name="heartbeat").start()
    return _identity[1]


def _beat_once(identity: str) -> None:
    try:
        liveness.heartbeat_write(store.client(), identity)
    except redis.RedisError:
        pass  # Redis is down for a moment: the next beat retries; /healthz reports the gap.


def _beat_forever(identity: str) -> None:
    while not _stop.wait(settings.RUNS_HEARTBEAT_EVERY_S):
        _beat_once(identity)


def start() -> None:
    _stop.clear()
    process_identity()


def stop() -> None:
    _stop.set()
