"""Reads for health checks and metrics."""

from dataclasses import dataclass

import redis
from django.conf import settings
from django.db import connection
from django.db.models import Count, DurationField, ExpressionWrapper, F

from quizapp.runs import redis as runs_redis
from quizapp.runs.models import Submission

from .heartbeat import HEARTBEAT_TTL_S, newest_heartbeat_age_s

SANDBOX_QUEUE = "sandbox"
KOMBU_PRIORITY_SEPARATOR = "\x06\x16"
LATENCY_BUCKETS_S = (0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
LATENCY_SAMPLE = 10_000


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


def health_checks() -> list[Check]:
    checks = []
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks.append(Check("database", True, connection.vendor))
    except Exception as error:  # noqa: BLE001  (any driver error means "unhealthy")
        checks.append(Check("database", False, f"{type(error).__name__}: {error}"))
    try:
        client = runs_redis.client()
        client.ping()
        checks.append(Check("redis", True, "ping"))
        age = newest_heartbeat_age_s(client)
        if age is None:
            checks.append(Check("worker", False, "no worker heartbeat in Redis"))
        else:
            checks.append(Check("worker", age <= HEARTBEAT_TTL_S, f"last heartbeat {age:.0f} s ago"))
    except redis.RedisError as error:
        checks.append(Check("redis", False, f"{type(error).__name__}: {error}"))
        checks.append(Check("worker", False, "unknown: Redis unreachable"))
    return checks


def queue_depth(client: redis.Redis, queue: str = SANDBOX_QUEUE) -> int:
    prefix = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("global_keyprefix", "")
    names = [queue] + [f"{queue}{KOMBU_PRIORITY_SEPARATOR}{step}" for step in range(1, 10)]
    pipeline = client.pipeline()
    for name in names:
        pipeline.llen(prefix + name)
    return sum(pipeline.execute())


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
