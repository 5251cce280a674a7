"""Results cache: identical (language, toolchain, code, stdin, limits, checker) runs share one result."""

import json

from django.conf import settings

from . import redis

NEVER_CACHED = {"TIME_LIMIT", "MEMORY_LIMIT", "INTERNAL_ERROR"}


def result_get(*, key: str) -> dict | None:
    raw = redis.client().get(redis.key("result", key))
    return json.loads(raw) if raw else None


def result_put(*, key: str, result: dict) -> None:
    if result["verdict"] in NEVER_CACHED:
        return
    redis.client().set(redis.key("result", key), json.dumps(result), ex=settings.RUNS_CACHE_TTL_S)
