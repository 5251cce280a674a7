"""The editor's Format button: a worker formats the code in the sandbox (the web process never runs
the formatter); the web request waits for its answer on a Redis list the task pushes to."""

import json
import uuid

from celery import current_app
from django.core.exceptions import ValidationError
from redis import RedisError

import sandbox.languages
from quizapp import task_names

from . import ratelimit, store
from .submissions import validate_code

WAIT_S = 15
POLL_S = 3  # below the Redis client's socket timeout


def answer_key(request_id: str) -> str:
    return store.key("format", request_id)


def source_format(*, owner: str, language: str, code: str) -> dict:
    """{"code": formatted} or {"error": a sentence for the learner}; their code is never lost."""
    try:
        validate_code(code)
        if not sandbox.languages.get(language).formats:
            raise ValidationError({"language": f"{sandbox.languages.get(language).title} has no standard formatter."})
        ratelimit.owner_check(owner=owner)
    except ValidationError as problem:
        return {"error": " ".join(message for messages in problem.message_dict.values() for message in messages)}
    except ratelimit.Busy as busy:
        return {"error": f"{busy}. Your code is unchanged."}
    request_id = uuid.uuid4().hex
    try:
        current_app.send_task(task_names.SOURCE_FORMAT, args=(request_id, language, code))
        for _ in range(WAIT_S // POLL_S):
            popped = store.client().blpop([answer_key(request_id)], timeout=POLL_S)
            if popped is not None:
                return json.loads(popped[1])
    except (RedisError, OSError):
        return {"error": "Formatting is paused: the run queue is not answering. Your code is unchanged."}
    return {"error": f"No sandbox worker answered within {WAIT_S} s; your code is unchanged. Try again."}


def answer_put(*, request_id: str, answer: dict) -> None:
    key = answer_key(request_id)
    store.client().pipeline().rpush(key, json.dumps(answer)).expire(key, 60).execute()
