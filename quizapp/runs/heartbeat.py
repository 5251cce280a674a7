"""Every worker process writes a heartbeat to Redis: /healthz reads the newest, the reaper asks
whether the process that claimed a run is still alive.

A process is named by `process_identity()` (host, pid and a random tag, so a restarted worker
with the same host name and pid is a different process). The Celery main process beats from
`worker_ready`; each pool process starts its own beat the first time it claims a run.
"""

import os
import socket
import threading
import time
import uuid

import redis
from celery.signals import worker_ready, worker_shutdown
from django.conf import settings

from . import redis as runs_redis

_stop = threading.Event()
_identity: tuple[int, str] | None = None  # (pid, identity) of the process that owns the beat


def heartbeat_key(identity: str) -> str:
    return runs_redis.key("worker-heartbeat", identity)


def heartbeat_write(client: redis.Redis, identity: str) -> None:
    client.set(heartbeat_key(identity), f"{time.time():.3f}", ex=settings.RUNS_HEARTBEAT_TTL_S)


def heartbeats(client: redis.Redis) -> dict[str, float]:
    """Identity -> seconds since its last beat, for every live process."""
    keys = list(client.scan_iter(match=heartbeat_key("*"), count=500))
    prefix = len(heartbeat_key(""))
    now = time.time()
    values = client.mget(keys) if keys else []
    return {key.decode()[prefix:]: now - float(value) for key, value in zip(keys, values) if value}


def alive(client: redis.Redis, identities: set[str]) -> set[str]:
    """The identities among `identities` whose heartbeat has not expired."""
    ordered = sorted(identities)
    values = client.mget([heartbeat_key(identity) for identity in ordered]) if ordered else []
    return {identity for identity, value in zip(ordered, values) if value}


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
        heartbeat_write(runs_redis.client(), identity)
    except redis.RedisError:
        pass  # Redis is down for a moment: the next beat retries; /healthz reports the gap.


def _beat_forever(identity: str) -> None:
    while not _stop.wait(settings.RUNS_HEARTBEAT_EVERY_S):
        _beat_once(identity)


@worker_ready.connect
def _start_heartbeat(sender=None, **kwargs):
    _stop.clear()
    process_identity()


@worker_shutdown.connect
def _stop_heartbeat(**kwargs):
    _stop.set()
