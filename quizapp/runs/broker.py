"""The broker side of a run: send its message, and see which runs the broker still holds.

The database row is the truth; a message is only a wake-up call. So a message may be lost
(FLUSHALL, a Redis restart without the append-only file) and be sent again, and a duplicate is
harmless: the task starts only a `queued` row.
"""

import json
import logging
import time
import uuid

from celery import current_app
from django.conf import settings

from quizapp import task_names

from . import store

log = logging.getLogger(__name__)

SANDBOX_QUEUE = task_names.SANDBOX_QUEUE
KOMBU_PRIORITY_SEPARATOR = "\x06\x16"
TASK_ID_PREFIX = "run-"


def submission_enqueue(submission_id: int) -> None:
    """Send the run's message. Never raises: a run whose message did not go out is found and sent
    again by the reaper (`submissions_missing_from_broker`)."""
    try:
        current_app.send_task(
            task_names.SUBMISSION_RUN,
            args=(submission_id,),
            task_id=f"{TASK_ID_PREFIX}{submission_id}-{uuid.uuid4().hex[:8]}",
        )
    except Exception:  # noqa: BLE001  (kombu/redis raise many kinds; the reaper resends)
        log.exception("submission %s: could not send its message; the reaper will send it again", submission_id)


def _key(name: str) -> str:
    return settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("global_keyprefix", "") + name


def _queue_keys(queue: str = SANDBOX_QUEUE) -> list[str]:
    return [_key(queue)] + [_key(f"{queue}{KOMBU_PRIORITY_SEPARATOR}{step}") for step in range(1, 10)]


def queue_depth(client=None) -> int:
    """Messages waiting in the sandbox queue (not yet taken by a worker)."""
    client = client or store.client()
    pipeline = client.pipeline()
    for name in _queue_keys():
        pipeline.llen(name)
    return sum(pipeline.execute())


def submission_ids_in_broker(client=None, *, taken_within_s: float | None = None) -> set[int]:
    """Runs with a message waiting in the queue, or taken by a worker and not yet acknowledged.
    With taken_within_s, a message taken longer ago does not count: with acks_late and prefetch 1
    a live worker starts what it takes at once, so a queued run whose message was taken long ago
    was taken by a worker that died (its message comes back only after the visibility timeout)."""
    client = client or store.client()
    pipeline = client.pipeline()
    for name in _queue_keys():
        pipeline.lrange(name, 0, -1)
    if taken_within_s is None:
        pipeline.hvals(_key("unacked"))
    else:
        pipeline.zrangebyscore(_key("unacked_index"), time.time() - taken_within_s, "+inf")
    *waiting, taken = pipeline.execute()
    if taken_within_s is not None:
        taken = [raw for raw in client.hmget(_key("unacked"), taken) if raw] if taken else []
    messages = [json.loads(raw) for raw in sum(waiting, [])] + [json.loads(raw)[0] for raw in taken]
    return {pk for pk in map(_submission_id, messages) if pk is not None}


def _submission_id(message: dict) -> int | None:
    task_id = message.get("headers", {}).get("id", "")
    if not task_id.startswith(TASK_ID_PREFIX):
        return None
    return int(task_id[len(TASK_ID_PREFIX) :].split("-", 1)[0])
