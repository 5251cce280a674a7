"""Results cache: identical (language, toolchain, code, stdin, limits, checker) runs share one result.

Best-effort: the database row is the truth, so a Redis error here is logged and the run goes on.
Two rules decide what may be shared: `cacheable` (the result) and whether the program may be
(decided when the run starts: `start.submission_start`).
"""

import json
import logging

import redis as redis_py
from django.conf import settings

from quizapp.outcomes import cacheable as verdict_cacheable

from . import store

log = logging.getLogger(__name__)

def cacheable(result: dict) -> bool:
    return verdict_cacheable(result.get("verdict", ""), result.get("limit", ""))


def result_get(*, key: str) -> dict | None:
    try:
        raw = store.client().get(store.key("result", key))
    except redis_py.RedisError as error:
        log.warning("results cache unavailable, running fresh: %s", error)
        return None
    if not raw:
        return None
    result = json.loads(raw)
    return result if cacheable(result) else None


def result_put(*, key: str, result: dict) -> None:
    if not cacheable(result):
        return
    try:
        store.client().set(store.key("result", key), json.dumps(result), ex=settings.RUNS_CACHE_TTL_S)
    except redis_py.RedisError as error:
        log.warning("results cache unavailable, result not stored: %s", error)
