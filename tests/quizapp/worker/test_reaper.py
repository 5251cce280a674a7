import json
from datetime import timedelta

import pytest
from django.utils import timezone

from quizapp.runs import broker, liveness
from quizapp.worker import reaper
from quizapp.runs import store as runs_redis
from quizapp.runs.models import Submission

from tests.quizapp.runs.helpers import queued_run

pytestmark = pytest.mark.django_db


def _stuck(session_key, *, status, age_s, requeues=0):
    past = timezone.now() - timedelta(seconds=age_s)
    submission = queued_run(session_key)
    Submission.objects.filter(pk=submission.pk).update(
        status=status, started_at=past if status == "running" else None, queued_at=past, requeues=requeues
    )
    return submission


def test_reaper_requeues_a_run_whose_worker_died(redis_url, session_key, django_capture_on_commit_callbacks):
    stuck = _stuck(session_key, status="running", age_s=reaper.running_deadline_s() + 1)
    fresh = _stuck(session_key, status="running", age_s=1)
    with django_capture_on_commit_callbacks() as callbacks:
        report = reaper.submissions_reap()
    assert (report.requeued, report.failed) == (1, 0)
    assert len(callbacks) == 1
    stuck.refresh_from_db()
    fresh.refresh_from_db()
    assert stuck.status == "queued" and stuck.requeues == 1
    assert fresh.status == "running"


def test_reaper_fails_a_run_stuck_twice_with_a_clear_message(redis_url, session_key):
    stuck = _stuck(session_key, status="running", age_s=reaper.running_deadline_s() + 1, requeues=1)
    assert reaper.submissions_reap().failed == 1
    stuck.refresh_from_db()
    assert (stuck.status, stuck.verdict) == ("done", "INTERNAL_ERROR")
    assert "interrupted 2 times" in stuck.message


def test_reaper_requeues_a_run_never_picked_up(redis_url, session_key, settings):
    stuck = _stuck(session_key, status="queued", age_s=settings.RUNS_QUEUED_DEADLINE_S + 1)
    assert reaper.submissions_reap().requeued == 1
    stuck.refresh_from_db()
    assert stuck.status == "queued" and stuck.requeues == 1


def test_reap_submissions_command_reports_what_it_did(redis_url, session_key):
    from io import StringIO

    from django.core.management import call_command

    _stuck(session_key, status="running", age_s=reaper.running_deadline_s() + 1, requeues=1)
    out = StringIO()
    call_command("reap_submissions", stdout=out)
    assert out.getvalue().strip() == "requeued 0, failed 1, resent 0"


def test_reaper_requeues_the_run_of_a_worker_process_that_stopped_beating(redis_url, session_key, settings):
    settings.RUNS_HEARTBEAT_EVERY_S = 0.1
    live_process = f"live-{session_key}"
    liveness.heartbeat_write(runs_redis.client(), live_process)
    dead = _stuck(session_key, status="running", age_s=1)
    live = _stuck(session_key, status="running", age_s=1)
    Submission.objects.filter(pk=dead.pk).update(claimed_by=f"dead-{session_key}")
    Submission.objects.filter(pk=live.pk).update(claimed_by=live_process)
    assert reaper.submissions_reap().requeued == 1
    dead.refresh_from_db()
    live.refresh_from_db()
    assert (dead.status, dead.claimed_by, dead.requeues) == ("queued", "", 1)
    assert live.status == "running"


def test_reaper_resends_queued_runs_whose_message_the_broker_lost(
    private_redis, session_key, settings, django_capture_on_commit_callbacks
):
    settings.RUNS_RESEND_GRACE_S = 0
    with django_capture_on_commit_callbacks(execute=True):
        kept = queued_run(session_key)
        lost = queued_run(session_key)
    _drop_message_of(lost.pk)
    assert broker.submission_ids_in_broker() == {kept.pk}

    with django_capture_on_commit_callbacks(execute=True):
        report = reaper.submissions_reap()

    assert report.resent == 1
    assert broker.submission_ids_in_broker() == {kept.pk, lost.pk}
    lost.refresh_from_db()
    assert (lost.status, lost.resends, lost.requeues) == ("queued", 1, 0)


def _drop_message_of(submission_id: int) -> None:
    client = runs_redis.client()
    queue = broker._queue_keys()[0]
    for raw in client.lrange(queue, 0, -1):
        if json.loads(raw)["headers"]["id"].startswith(f"{broker.TASK_ID_PREFIX}{submission_id}-"):
            client.lrem(queue, 0, raw)
