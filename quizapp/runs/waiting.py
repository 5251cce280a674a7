"""Reads for a run that is not finished: its place in the queue, the expected wait from how fast
runs finish right now, and whether it is late (pending longer than a run should be)."""

import math
import threading
import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from .models import Submission

THROUGHPUT_WINDOW_S = 60
THROUGHPUT_MEMO_S = 2.0  # many pages ask at once while the class saturates the service: one count serves them
_memo = {"at": 0.0, "per_s": 0.0}
_memo_lock = threading.Lock()


@dataclass(frozen=True)
class Waiting:
    ahead: int | None  # queued runs before this one; None once a worker has it
    wait_s: int | None  # expected seconds until it starts; None when unknown (nothing finished lately)
    waited_s: int
    late: bool

    @property
    def words(self) -> str:
        if self.ahead is None:
            return "A sandbox is running it."
        line = "It is next in line for a sandbox" if self.ahead == 0 else (
            f"{self.ahead} run{'s' if self.ahead != 1 else ''} ahead of it in the queue")
        return f"{line}{f', about {self.wait_s} s' if self.wait_s is not None else ''}."


def run_waiting(*, submission: Submission) -> Waiting:
    now = timezone.now()
    waited_s = max(0, int((now - submission.created_at).total_seconds()))
    late = waited_s > settings.RUNS_PAGE_DEADLINE_S
    if submission.status != Submission.Status.QUEUED:
        return Waiting(ahead=None, wait_s=None, waited_s=waited_s, late=late)
    ahead = Submission.objects.filter(
        Q(queued_at__lt=submission.queued_at) | Q(queued_at=submission.queued_at, id__lt=submission.pk),
        status=Submission.Status.QUEUED,
    ).count()
    per_s = runs_finished_per_s(now=now)
    wait_s = math.ceil((ahead + 1) / per_s) if per_s else None
    return Waiting(ahead=ahead, wait_s=wait_s, waited_s=waited_s, late=late)


def runs_finished_per_s(*, now) -> float:
    """Runs finished per second over the last minute (memoised for a moment per process)."""
    with _memo_lock:
        if time.monotonic() - _memo["at"] < THROUGHPUT_MEMO_S:
            return _memo["per_s"]
    since = now - timedelta(seconds=THROUGHPUT_WINDOW_S)
    # created_at is indexed; a run finished in the window was created at most a queue deadline before it
    recent = Submission.objects.filter(
        created_at__gte=since - timedelta(seconds=settings.RUNS_QUEUED_DEADLINE_S + settings.RUNS_HARD_TIME_LIMIT_S),
        status=Submission.Status.DONE, finished_at__gte=since,
    ).count()
    per_s = recent / THROUGHPUT_WINDOW_S
    with _memo_lock:
        _memo.update(at=time.monotonic(), per_s=per_s)
    return per_s
