"""What the workers publish about themselves in Redis, read by /healthz, /metrics and the reaper:
each worker process's heartbeat, and each worker's last sandbox canary state. The worker side that
writes them lives in quizapp.worker."""

import json
import time

import redis
from django.conf import settings

from . import store


def heartbeat_key(identity: str) -> str:
    return store.key("worker-heartbeat", identity)


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


def sandbox_state_key(worker: str) -> str:
    return store.key("sandbox-state", worker)


def sandbox_state_write(client: redis.Redis, worker: str, *, ok: bool, detail: str) -> None:
    state = {"ok": ok, "detail": detail, "checked_at": time.time()}
    client.set(sandbox_state_key(worker), json.dumps(state), ex=settings.RUNS_CANARY_TTL_S)


def sandbox_states(client: redis.Redis) -> dict[str, dict]:
    """Worker -> its last sandbox state ({"ok", "detail", "checked_at"}), for workers still reporting."""
    keys = list(client.scan_iter(match=sandbox_state_key("*"), count=500))
    prefix = len(sandbox_state_key(""))
    values = client.mget(keys) if keys else []
    return {key.decode()[prefix:]: json.loads(value) for key, value in zip(keys, values) if value}
