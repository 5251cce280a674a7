"""The editor's Format button, web half: a format is a queued job like a run. The request validates,
counts it against the learner's and the address's limits, queues it and answers at once with where
to ask for the answer; the page then asks (format_answer) until a worker has put it in Redis. The
worker half is quizapp.worker.formatting; no web request waits on a worker."""

import json
import time
import uuid

from celery import current_app
from django.conf import settings
from django.core.exceptions import ValidationError
from redis import RedisError

import sandbox.languages
from quizapp import task_names

from . import ratelimit, store
from .submissions import validate_code

KEEP_S = 120  # how long a format's record and answer stay in Redis


def format_key(request_id: str) -> str:
    """A Redis hash: owner, queued (epoch seconds) and, once a worker answered, answer (JSON)."""
    return store.key("format", request_id)


def format_request(*, user_id: int | None, session_key: str, address: str, language: str, code: str) -> str:
    """Queue a format and return its id. Raises ValidationError for input no formatter takes,
    ratelimit.Busy when the learner or the address asked for too many, ratelimit.Paused when Redis
    does not answer."""
    validate_code(code)
    found = sandbox.languages.get(language)
    if not found.formats:
        raise ValidationError({"language": f"{found.title} has no standard formatter."})
    ratelimit.owners_check(
        limits=ratelimit.learner_limits(user_id=user_id, session_key=session_key, address=address), kind="format")
    request_id = uuid.uuid4().hex
    key = format_key(request_id)
    try:
        store.client().pipeline().hset(key, mapping={"owner": _owner(user_id, session_key), "queued": time.time()}) \
            .expire(key, KEEP_S).execute()
        current_app.send_task(task_names.SOURCE_FORMAT, args=(request_id, found.name, code),
                              expires=settings.RUNS_FORMAT_DEADLINE_S)
    except (RedisError, OSError):
        raise ratelimit.Paused() from None
    return request_id


def format_answer(*, request_id: str, user_id: int | None, session_key: str) -> dict | None:
    """{"code": formatted}, {"error": a sentence for the learner} or {"pending": seconds waited};
    None when there is no such format of this learner's (or it is long gone)."""
    try:
        record = store.client().hgetall(format_key(request_id))
    except (RedisError, OSError):
        return {"error": "Formatting is paused: the run queue is not answering. Your code is unchanged."}
    if not record or record.get(b"owner", b"").decode() != _owner(user_id, session_key):
        return None
    if b"answer" in record:
        return json.loads(record[b"answer"])
    waited = time.time() - float(record[b"queued"])
    if waited > settings.RUNS_FORMAT_DEADLINE_S:
        return {"error": f"No sandbox worker took the format within {settings.RUNS_FORMAT_DEADLINE_S} s (the "
                         "service is busy); your code is unchanged. Try again in a moment."}
    return {"pending": round(waited, 1)}


def _owner(user_id: int | None, session_key: str) -> str:
    return f"user:{user_id}" if user_id else f"session:{session_key}"
