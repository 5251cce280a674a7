"""Production behaviour of the pipeline: workers on several hosts, and a Redis restart."""

import os

import pytest
from django.conf import settings
from django.db import connection

from quizapp.runs.models import Submission
from tests.support.worker_process import CeleryWorker, database_url

from tests.support.topology import queue_runs, wait_until_final

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def worker_env(redis_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "quizapp.settings.test",
        "REDIS_URL": redis_url,
        "DATABASE_URL": database_url(connection.settings_dict),
        "CELERY_KEY_PREFIX": settings.CELERY_KEY_PREFIX,
    }


@pytest.fixture
def session_worker_paused(celery_worker_process):
    """The suite's shared worker would take runs from the same queue: stop it, restart it after."""
    celery_worker_process.stop()
    yield
    celery_worker_process.start()


def succeeded_tasks(worker: CeleryWorker) -> int:
    return sum("submission_run[" in line and "succeeded" in line for line in worker.log().splitlines())


def test_workers_on_two_hosts_share_the_queue_and_run_nothing_twice(redis_url, session_worker_paused):
    workers = [
        CeleryWorker(env=worker_env(redis_url), concurrency=1, name=f"scale-{host}-{os.getpid()}").start()
        for host in ("host-a", "host-b")
    ]
    try:
        ids = queue_runs(12, "scale", sleep_s=0.3)
        wait_until_final(ids)
        rows = list(Submission.objects.filter(pk__in=ids))
    finally:
        for worker in workers:
            worker.stop()
    assert all(row.verdict == "OK" for row in rows), [(row.pk, row.verdict, row.message) for row in rows]
    assert all(row.attempts == 1 for row in rows), "a run was started twice"
    per_worker = [succeeded_tasks(worker) for worker in workers]
    assert sum(per_worker) == 12
    assert all(count > 0 for count in per_worker), f"one worker did all the work: {per_worker}"


def test_runs_queued_across_a_redis_restart_are_not_lost(private_redis, session_worker_paused):
    ids = queue_runs(5, "restart")
    assert Submission.objects.filter(pk__in=ids, status=Submission.Status.QUEUED).count() == 5

    private_redis.stop()
    private_redis.start()

    worker = CeleryWorker(env=worker_env(private_redis.url), concurrency=2, name=f"restart-{os.getpid()}").start()
    try:
        wait_until_final(ids)
        rows = list(Submission.objects.filter(pk__in=ids))
    finally:
        worker.stop()
    assert sorted(row.stdout for row in rows) == [f"restart {index}\n" for index in range(5)]
    assert all(row.verdict == "OK" for row in rows)
