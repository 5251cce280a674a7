"""Runs stranded by a fault are found and sent again, or ended with INTERNAL_ERROR.

Three kinds of stranded run, each found from the database (the truth) and checked against Redis:
- running, but the worker process that claimed it stopped beating (killed, out of memory, its host
  gone): requeued once its heartbeat has expired, so a live run is never started twice;
- running or queued for longer than any run may take (the last resort when liveness is unknown);
- queued, but the broker no longer holds its message (FLUSHALL, Redis lost its data) or a worker
  that died had taken it: sent again.
A run interrupted RUNS_MAX_ATTEMPTS times ends INTERNAL_ERROR, which says the fault is ours.
"""

import logging
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

import redis
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from quizapp.outcomes import Verdict
from quizapp.runs import broker, liveness, store
from sandbox.models import Failure
from quizapp.runs.models import Submission

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReapReport:
    requeued: int
    failed: int
    resent: int = 0


def running_deadline_s() -> int:
    return settings.RUNS_HARD_TIME_LIMIT_S + 15


def submissions_reap(*, now: datetime | None = None) -> ReapReport:
    """Requeue, fail or resend every stranded run; safe to run in several processes at once."""
    now = now or timezone.now()
    stranded = _past_deadline(now) + _claimed_by_dead_workers()
    requeued = failed = 0
    for submission in {row.pk: row for row in stranded}.values():
        outcome = _requeue_or_fail(submission, now)
        requeued += outcome == "requeued"
        failed += outcome == "failed"
    return ReapReport(requeued=requeued, failed=failed, resent=_resend_lost_messages(now))


def _past_deadline(now: datetime) -> list[Submission]:
    running = Submission.objects.filter(
        status=Submission.Status.RUNNING, started_at__lt=now - timedelta(seconds=running_deadline_s())
    )
    queued = Submission.objects.filter(
        status=Submission.Status.QUEUED, queued_at__lt=now - timedelta(seconds=settings.RUNS_QUEUED_DEADLINE_S)
    )
    return list(running) + list(queued)


def _claimed_by_dead_workers() -> list[Submission]:
    running = list(Submission.objects.filter(status=Submission.Status.RUNNING).exclude(claimed_by=""))
    if not running:
        return []
    try:
        client = store.client()
        silent = {row.claimed_by for row in running} - liveness.alive(client, {row.claimed_by for row in running})
        if silent:
            # A heartbeat can be missing for a moment after a FLUSHALL; a live process writes it again.
            time.sleep(settings.RUNS_HEARTBEAT_EVERY_S + 1)
            silent -= liveness.alive(client, silent)
    except redis.RedisError:
        return []  # liveness unknown while Redis is down: the deadline still applies
    return [row for row in running if row.claimed_by in silent]


def _requeue_or_fail(submission: Submission, now: datetime) -> str:
    guard = Submission.objects.filter(
        id=submission.pk, status=submission.status, started_at=submission.started_at,
        queued_at=submission.queued_at, claimed_by=submission.claimed_by,
    )
    if submission.requeues < settings.RUNS_MAX_ATTEMPTS - 1:
        if guard.update(status=Submission.Status.QUEUED, queued_at=now, claimed_by="", requeues=F("requeues") + 1):
            transaction.on_commit(lambda: broker.submission_enqueue(submission.pk))
            return "requeued"
        return ""
    ended = guard.update(
        status=Submission.Status.DONE,
        verdict=Verdict.INTERNAL_ERROR,
        failure=Failure.INTERNAL,
        message=(
            f"The run was interrupted {submission.requeues + 1} times before it finished "
            "(a worker stopped or the queue lost it). Nothing is wrong with your code as far as we know; run it again."
        ),
        finished_at=now,
    )
    return "failed" if ended else ""


def _resend_lost_messages(now: datetime) -> int:
    waiting = list(
        Submission.objects.filter(
            status=Submission.Status.QUEUED, queued_at__lt=now - timedelta(seconds=settings.RUNS_RESEND_GRACE_S)
        ).values_list("pk", flat=True)[:1000]
    )
    if not waiting:
        return 0
    try:
        lost = set(waiting) - broker.submission_ids_in_broker(taken_within_s=settings.RUNS_RESEND_GRACE_S)
    except redis.RedisError:
        return 0
    for pk in sorted(lost):
        Submission.objects.filter(pk=pk, status=Submission.Status.QUEUED).update(resends=F("resends") + 1)
        transaction.on_commit(lambda pk=pk: broker.submission_enqueue(pk))
    if lost:
        log.warning("reaper: the broker had lost %d queued runs; sent them again", len(lost))
    return len(lost)
