"""Backpressure: a per-owner fixed-window counter in Redis and a global cap on queued runs."""

import time

from django.conf import settings
from redis import RedisError

from . import store
from .models import Submission


class Busy(Exception):
    def __init__(self, *, retry_after: int, reason: str):
        super().__init__(reason)
        self.retry_after = retry_after
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.reason}; try again in {self.retry_after} s"


class Paused(Busy):
    """Redis (the queue) does not answer: runs wait until it is back; nothing is recorded meanwhile."""

    def __init__(self):
        super().__init__(retry_after=15, reason="runs are paused: the run queue is not answering")


def owner_check(*, owner: str, rate: tuple[int, int] | None = None) -> None:
    owners_check(limits={owner: rate or settings.RUNS_RATE_LIMIT})


def owners_check(*, limits: dict[str, tuple[int, int]]) -> None:
    """Count one run against each owner's limit, in order, with one Redis round trip. An owner over
    its limit raises Busy, and the owners after it are given their count back: a run refused for
    one reason does not use up another owner's runs."""
    now = time.time()
    counters = []
    pipe = store.client().pipeline()
    for owner, (limit, window) in limits.items():
        bucket = int(now // window)
        counter = store.key("rate", owner, str(bucket))
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
            raise Busy(retry_after=retry_after, reason=f"{who} started {limit} runs in the last {window} s")


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
        raise Busy(retry_after=5, reason=f"{queued} runs are waiting for a sandbox")
