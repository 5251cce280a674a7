"""A worker whose sandbox breaks gives INTERNAL_ERROR with the cause (never cached), leaves the
queue and says so on /healthz; once the sandbox is repaired it comes back and serves the runs."""

import os
import socket
import tempfile
import time
from pathlib import Path

import pytest
from django.urls import reverse

import sandbox
from quizapp.celery import app
from quizapp.runs import cache, liveness
from quizapp.worker import tasks
from quizapp.runs import store as runs_redis
from quizapp.runs.models import Submission
from sandbox import config as sandbox_config
from tests.quizapp.runs.helpers import queued_run
from tests.support.processes import wait_until
from tests.support.worker_process import CeleryWorker

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def wait_for(condition, what, timeout=90.0):
    return wait_until(condition, timeout, what, interval=0.2)


def consumed_queues(hostname):
    replies = app.control.inspect(destination=[hostname], timeout=3).active_queues() or {}
    return {queue["name"] for queue in replies.get(hostname, [])} if hostname in replies else None


@pytest.fixture
def bwrap_switch():
    """A path the sandbox execs as bwrap that the test can break and repair under a running worker."""
    directory = Path(tempfile.mkdtemp(dir=sandbox_config.ensure_state_dir()))
    directory.chmod(0o755)  # the launcher runs it as the sandbox user
    link = directory / "bwrap"
    link.symlink_to("/nonexistent/bwrap")
    yield link
    link.unlink()
    directory.rmdir()


def test_broken_sandbox_leaves_the_queue_says_why_and_comes_back(private_redis, client, monkeypatch, bwrap_switch):
    from django.db import connection

    from tests.support.worker_process import database_url

    code = f"print('canary {os.getpid()} {time.monotonic_ns()}')\n"
    monkeypatch.setenv("SANDBOX_BWRAP", str(bwrap_switch))
    broken = queued_run(f"broken-{os.getpid()}", code=code)
    tasks.submission_run(broken.pk)  # the real task and sandbox, as a worker runs them
    broken.refresh_from_db()
    assert broken.verdict == "INTERNAL_ERROR", broken.message
    assert f"cannot exec {bwrap_switch}: No such file" in broken.message
    assert cache.result_get(key=sandbox.cache_key(tasks.run_request_for(broken))) is None

    name = f"canary-{os.getpid()}"
    hostname = f"{name}@{socket.gethostname()}"
    env = {
        **os.environ, "DJANGO_SETTINGS_MODULE": "quizapp.settings.test", "REDIS_URL": private_redis.url,
        "DATABASE_URL": database_url(connection.settings_dict), "RUNS_CANARY_EVERY_S": "1",
        "SANDBOX_BWRAP": str(bwrap_switch),
    }
    worker = CeleryWorker(env=env, concurrency=1, name=name).start()
    try:
        state = wait_for(lambda: liveness.sandbox_states(runs_redis.client()).get(hostname), "a canary report")
        assert state["ok"] is False and f"cannot exec {bwrap_switch}" in state["detail"]
        wait_for(lambda: consumed_queues(hostname) == {"celery"}, "the worker leaving the sandbox queue")
        health = client.get(reverse("ops:healthz"))
        assert health.status_code == 503
        assert f"{hostname}: DOWN" in health.json()["sandbox"]["detail"]

        retried = queued_run(f"retried-{os.getpid()}", code=code)  # the learner runs it again
        checked = state["checked_at"]
        wait_for(
            lambda: liveness.sandbox_states(runs_redis.client())[hostname]["checked_at"] > checked,
            "another canary check",
        )
        assert Submission.objects.get(pk=retried.pk).status == "queued"  # waits for a healthy worker

        bwrap_switch.unlink()
        bwrap_switch.symlink_to(sandbox_config._default_bwrap_path())  # repaired
        wait_for(lambda: Submission.objects.get(pk=retried.pk).status == "done", "the queued run being served")
        retried.refresh_from_db()
        assert (retried.verdict, retried.cached) == ("OK", False), retried.message
        assert consumed_queues(hostname) == {"celery", "sandbox"}
        assert liveness.sandbox_states(runs_redis.client())[hostname]["ok"] is True
    finally:
        worker.stop()
    assert "sandbox canary failed" in worker.log() and "passes again" in worker.log()
