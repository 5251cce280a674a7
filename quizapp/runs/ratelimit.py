"""Backpressure: a per-owner fixed-window counter in Redis and a global cap on queued runs."""

import time

from django.conf import settings
from redis import RedisError

from . import store
from .models import Submission


class Busy(Exception):
    """A refusal: `title` heads it on the page, `reason` says why, `retry_after` when to try again."""

    def __init__(self, *, retry_after: int, reason: str, title: str = "Too many at once"):
        super().__init__(reason)
        self.retry_after = retry_after
        self.reason = reason
        self.title = title

    def __str__(self) -> str:
        return f"{self.reason}; try again in {self.retry_after} s"


class Paused(Busy):
    """Redis (the queue) does not answer: runs wait until it is back; nothing is recorded meanwhile."""

    def __init__(self):
        super().__init__(retry_after=15, reason="runs are paused: the run queue is not answering",
                         title="Runs are paused")


def learner_limits(*, user_id: int | None, session_key: str, address: str) -> dict[str, tuple[int, int]]:
    """A learner's own limit; an anonymous visitor's also counts per address, since a client that
    drops its cookie gets a new session for every request."""
    limits = {f"user:{user_id}" if user_id else f"session:{session_key}": settings.RUNS_RATE_LIMIT}
    if user_id is None and address:
        limits[f"ip:{address}"] = settings.RUNS_ANONYMOUS_IP_RATE_LIMIT
    return limits


# What each kind of job counts, and how a refusal says it.
DOING = {"run": "started {limit} runs", "format": "asked for {limit} formats"}


def owners_check(*, limits: dict[str, tuple[int, int]], kind: str = "run") -> None:
    """Count one job of a kind against each owner's limit, in order, with one Redis round trip. An
    owner over its limit raises Busy, and the owners after it are given their count back: a job
    refused for one reason does not use up another owner's budget."""
    now = time.time()
    counters = []
    pipe = store.client().pipeline()
    for owner, (limit, window) in limits.items():
        bucket = int(now // window)
        counter = store.key("rate", kind, owner, str(bucket))
        pipe.incr(counter)
        pipe.expire(counter, window + 1)
        counters.append((owner, limit, window, bucket, counter))
    try:
        counts = pipe.execute()[::2]
    except RedisError:
        raise Paused() from None
    for index, ((owner, limit, window, bucket, _), count) in enumerate(zip(counters, counts)):
        if count > limit:
            _give_back([counter for *_, counter in counters[index + 1:]])
            retry_after = max(1, int((bucket + 1) * window - now + 0.999))
            who = "your network address has" if owner.startswith("ip:") else "you have"
            doing = DOING[kind].format(limit=limit)
            raise Busy(
                retry_after=retry_after,
                reason=f"{who} {doing} in the last {window} s",
                title="Too many at once from your network address" if owner.startswith("ip:") else "Too many at once",
            )


def _give_back(counters: list[str]) -> None:
    if not counters:
        return
    pipe = store.client().pipeline()
    for counter in counters:
        pipe.decr(counter)
    try:
        pipe.execute()
    except RedisError:
        pass  # the refused run then also counts against the later owners, for one window at most


def queue_check() -> None:
    """The cap counts queued rows in the database, which survive a lost broker (the reaper sends
    their messages again), so the count is never stale for longer than one reaper round."""
    queued = Submission.objects.filter(status=Submission.Status.QUEUED).count()
    if queued >= settings.RUNS_MAX_QUEUED:
        raise Busy(
            retry_after=5,
            reason=f"{queued} runs are already waiting for a sandbox, as many as the service queues",
            title="Every sandbox is busy",
        )
