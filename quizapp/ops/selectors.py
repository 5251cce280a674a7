"""Reads for health checks and metrics."""

from dataclasses import dataclass

import redis
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Count, DurationField, ExpressionWrapper, F, Min, Sum
from django.utils import timezone

from quizapp.catalog.models import Question
from quizapp.runs import broker, liveness
from quizapp.runs import store
from quizapp.runs.models import Submission

LATENCY_BUCKETS_S = (0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
LATENCY_SAMPLE = 10_000


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


def health_checks() -> list[Check]:
    """Readiness: can this site serve runs right now? Each check reads what a run needs."""
    return [_database_check(), *_redis_checks()]


def _database_check() -> Check:
    try:
        # A real read of the tables a run touches, not `SELECT 1`: a role that cannot read them is down.
        with transaction.atomic():
            Question.objects.values("id").first()
            Session.objects.values("session_key").first()
            queued, oldest_age = queued_in_database()
    except Exception as error:  # noqa: BLE001  (any driver error means "not ready")
        return Check("database", False, f"{type(error).__name__}: {error}")
    if oldest_age is not None and oldest_age > settings.RUNS_HEALTHY_QUEUE_AGE_S:
        return Check(
            "database", False, f"{queued} runs queued, the oldest for {oldest_age:.0f} s: runs are not being served"
        )
    return Check("database", True, f"{queued} runs queued" + (f", the oldest for {oldest_age:.0f} s" if queued else ""))


def _redis_checks() -> list[Check]:
    try:
        client = store.client()
        client.ping()
        depth = broker.queue_depth(client)
        beats = liveness.heartbeats(client)
        sandboxes = liveness.sandbox_states(client)
    except redis.RedisError as error:
        return [
            Check("redis", False, f"{type(error).__name__}: {error}"),
            Check("worker", False, "unknown: Redis unreachable"),
            Check("sandbox", False, "unknown: Redis unreachable"),
        ]
    checks = [Check("redis", True, f"{depth} messages in the sandbox queue"), _sandbox_check(sandboxes)]
    if not beats:
        return checks + [Check("worker", False, "no worker heartbeat in Redis")]
    newest = min(beats.values())
    return checks + [Check("worker", newest <= settings.RUNS_HEARTBEAT_TTL_S, f"last heartbeat {newest:.0f} s ago")]


def _sandbox_check(sandboxes: dict[str, dict]) -> Check:
    """Runs can be served when at least one worker's canary passes; each worker's state is listed."""
    if not sandboxes:
        return Check("sandbox", False, "no worker has reported its sandbox canary")
    detail = "; ".join(
        f"{worker}: {'up' if state['ok'] else 'DOWN'} ({state['detail']})"
        for worker, state in sorted(sandboxes.items())
    )
    return Check("sandbox", any(state["ok"] for state in sandboxes.values()), detail)


def queued_in_database() -> tuple[int, float | None]:
    """How many runs are queued, and how long the oldest has waited (seconds)."""
    stats = Submission.objects.filter(status=Submission.Status.QUEUED).aggregate(n=Count("id"), oldest=Min("queued_at"))
    oldest = stats["oldest"]
    return stats["n"], (timezone.now() - oldest).total_seconds() if oldest else None


def runs_recovered() -> dict[str, int]:
    totals = Submission.objects.aggregate(requeued=Sum("requeues"), resent=Sum("resends"))
    return {how: count or 0 for how, count in totals.items()}


def runs_by_verdict() -> dict[str, int]:
    rows = Submission.objects.filter(status=Submission.Status.DONE).values("verdict").annotate(n=Count("id"))
    return {row["verdict"] or "UNKNOWN": row["n"] for row in rows}


def runs_by_status() -> dict[str, int]:
    rows = Submission.objects.values("status").annotate(n=Count("id"))
    return {row["status"]: row["n"] for row in rows}


def recent_run_latencies_s() -> list[float]:
    latency = ExpressionWrapper(F("finished_at") - F("queued_at"), output_field=DurationField())
    durations = (
        Submission.objects.filter(status=Submission.Status.DONE, finished_at__isnull=False)
        .order_by("-finished_at")
        .annotate(latency=latency)
        .values_list("latency", flat=True)[:LATENCY_SAMPLE]
    )
    return [duration.total_seconds() for duration in durations if duration is not None]
