"""The Redis the pipeline already depends on (the broker), reused for rate counters and the results cache."""

import functools

import redis
from django.conf import settings


@functools.lru_cache(maxsize=4)
def _client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)


def client() -> redis.Redis:
    return _client(settings.REDIS_URL)


def key(*parts: str) -> str:
    return settings.RUNS_REDIS_PREFIX + ":".join(parts)
