"""Celery workers write a heartbeat to Redis; /healthz reads how fresh the newest one is."""

import threading
import time

import redis
from celery.signals import worker_ready, worker_shutdown

from quizapp.runs import redis as runs_redis

HEARTBEAT_EVERY_S = 10
HEARTBEAT_TTL_S = 60
_stop = threading.Event()


def heartbeat_key(hostname: str) -> str:
    return runs_redis.key("worker-heartbeat", hostname)


def heartbeat_write(client: redis.Redis, hostname: str) -> None:
    client.set(heartbeat_key(hostname), f"{time.time():.3f}", ex=HEARTBEAT_TTL_S)


def newest_heartbeat_age_s(client: redis.Redis) -> float | None:
    keys = list(client.scan_iter(match=heartbeat_key("*"), count=100))
    stamps = [float(value) for value in client.mget(keys) if value] if keys else []
    return time.time() - max(stamps) if stamps else None


def _beat_forever(hostname: str) -> None:
    client = runs_redis.client()
    while not _stop.is_set():
        try:
            heartbeat_write(client, hostname)
        except redis.RedisError:
            pass  # Redis is down for a moment: the next beat retries; /healthz reports the gap.
        _stop.wait(HEARTBEAT_EVERY_S)


@worker_ready.connect
def _start_heartbeat(sender=None, **kwargs):
    _stop.clear()
    threading.Thread(target=_beat_forever, args=(sender.hostname,), daemon=True, name="heartbeat").start()


@worker_shutdown.connect
def _stop_heartbeat(**kwargs):
    _stop.set()
