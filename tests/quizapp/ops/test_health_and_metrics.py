import socket
from datetime import timedelta

import pytest
import redis
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from quizapp.runs.liveness import sandbox_state_key as state_key
from quizapp.runs.liveness import sandbox_state_write as state_write
from quizapp.runs.liveness import heartbeat_key, heartbeat_write
from quizapp.runs.models import Submission
from tests.factories import SubmissionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_client(redis_url):
    client = redis.Redis.from_url(redis_url)
    yield client
    for pattern in (heartbeat_key("*"), state_key("*")):
        for key in client.scan_iter(match=pattern):
            client.delete(key)


def test_healthz_is_ok_with_database_redis_and_a_fresh_worker(client, redis_client):
    heartbeat_write(redis_client, "test-worker@host")
    state_write(redis_client, "test-worker@host", ok=True, detail="10 known programs gave their verdicts")
    response = client.get(reverse("ops:healthz"))
    assert response.status_code == 200, response.json()
    assert response.json()["worker"]["ok"] is True
    assert response.json()["sandbox"]["ok"] is True


def test_healthz_is_unhealthy_when_no_worker_sandbox_passes_its_canary(client, redis_client):
    heartbeat_write(redis_client, "test-worker@host")
    state_write(redis_client, "w1@host", ok=False, detail="python ok: expected ACCEPTED, got INTERNAL_ERROR")
    response = client.get(reverse("ops:healthz"))
    assert response.status_code == 503
    assert response.json()["sandbox"] == {
        "ok": False, "detail": "w1@host: DOWN (python ok: expected ACCEPTED, got INTERNAL_ERROR)"
    }
    state_write(redis_client, "w2@host", ok=True, detail="fine")
    assert client.get(reverse("ops:healthz")).status_code == 200  # another worker serves the runs


def test_metrics_show_each_workers_sandbox_state(client, redis_client):
    state_write(redis_client, "w1@host", ok=False, detail="down")
    state_write(redis_client, "w2@host", ok=True, detail="up")
    body = client.get(reverse("ops:metrics")).content.decode()
    assert 'quizapp_worker_sandbox_up{worker="w1@host"} 0.0' in body
    assert 'quizapp_worker_sandbox_up{worker="w2@host"} 1.0' in body


def test_healthz_is_unhealthy_without_a_worker_heartbeat(client, redis_client):
    response = client.get(reverse("ops:healthz"))
    assert response.status_code == 503
    assert response.json()["worker"]["detail"] == "no worker heartbeat in Redis"
    assert response.json()["database"]["ok"] is True


def test_liveness_answers_without_a_worker_database_or_redis(client, settings):
    settings.REDIS_URL = f"redis://127.0.0.1:{closed_port()}/0"
    response = client.get(reverse("ops:healthz-live"))
    assert response.status_code == 200 and response.json() == {"status": "alive"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="roles and grants are PostgreSQL's")
def test_healthz_is_unhealthy_when_the_database_role_cannot_read_the_tables(client, redis_client):
    heartbeat_write(redis_client, "test-worker@host")
    with connection.cursor() as cursor:
        cursor.execute(
            "DO $$ BEGIN CREATE ROLE quizapp_no_grants NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$"
        )
        cursor.execute("SET ROLE quizapp_no_grants")
    try:
        response = client.get(reverse("ops:healthz"))
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")
    assert response.status_code == 503
    assert response.json()["database"]["ok"] is False
    assert "permission denied" in response.json()["database"]["detail"]


def test_healthz_is_unhealthy_when_queued_runs_are_not_served(client, redis_client, settings):
    heartbeat_write(redis_client, "test-worker@host")
    SubmissionFactory(
        session_key="health-test",
        language="python",
        code="print(1)",
        queued_at=timezone.now() - timedelta(seconds=settings.RUNS_HEALTHY_QUEUE_AGE_S + 5),
    )
    response = client.get(reverse("ops:healthz"))
    assert response.status_code == 503
    assert "runs are not being served" in response.json()["database"]["detail"]


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_healthz_reports_unreachable_redis(client, settings):
    settings.REDIS_URL = f"redis://127.0.0.1:{closed_port()}/0"
    response = client.get(reverse("ops:healthz"))
    assert response.status_code == 503
    assert response.json()["redis"]["ok"] is False


def make_submission(verdict: str, latency_s: float) -> Submission:
    finished = timezone.now()
    return SubmissionFactory(
        session_key="metrics-test",
        language="python",
        code="print(1)",
        status=Submission.Status.DONE,
        verdict=verdict,
        queued_at=finished - timedelta(seconds=latency_s),
        finished_at=finished,
    )


def test_metrics_in_prometheus_text_format(client, redis_client):
    make_submission("ACCEPTED", 0.03)
    make_submission("ACCEPTED", 0.2)
    make_submission("WRONG_ANSWER", 3.0)
    response = client.get(reverse("ops:metrics"))
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    assert 'quizapp_runs_finished{verdict="ACCEPTED"} 2.0' in text
    assert 'quizapp_runs_finished{verdict="WRONG_ANSWER"} 1.0' in text
    assert 'quizapp_queue_depth{queue="sandbox"}' in text
    assert 'quizapp_run_latency_seconds_bucket{le="0.05"} 1.0' in text
    assert 'quizapp_run_latency_seconds_bucket{le="5.0"} 3.0' in text
    assert "quizapp_run_latency_seconds_count 3.0" in text
    assert "quizapp_runs_queued_database 0.0" in text
    assert "quizapp_runs_in_broker 0.0" in text
    assert 'quizapp_runs_recovered_total{how="resent"} 0.0' in text


def test_metrics_show_the_queue_from_the_database_and_recovered_runs(client, redis_client):
    make_submission("OK", 0.1)
    SubmissionFactory(
        session_key="metrics-test",
        language="python",
        code="print(2)",
        requeues=1,
        resends=2,
        queued_at=timezone.now() - timedelta(seconds=30),
    )
    heartbeat_write(redis_client, "test-worker@host")
    text = client.get(reverse("ops:metrics")).content.decode()
    assert "quizapp_runs_queued_database 1.0" in text
    age = float(text.split("\nquizapp_oldest_queued_run_age_seconds ", 1)[1].split()[0])
    assert 29 <= age < 600
    assert 'quizapp_runs_recovered_total{how="requeued"} 1.0' in text
    assert 'quizapp_runs_recovered_total{how="resent"} 2.0' in text
    assert 'quizapp_worker_heartbeat_age_seconds{process="test-worker@host"}' in text


def test_metrics_are_off_in_production_until_a_token_is_set(client, settings):
    settings.METRICS_REQUIRE_TOKEN, settings.METRICS_TOKEN = True, ""
    response = client.get(reverse("ops:metrics"))
    assert response.status_code == 403 and b"METRICS_TOKEN" in response.content


def test_metrics_token_is_enforced_when_set(client, settings):
    settings.METRICS_TOKEN = "s3cret"
    assert client.get(reverse("ops:metrics")).status_code == 401
    assert client.get(reverse("ops:metrics"), HTTP_AUTHORIZATION="Bearer s3cret").status_code == 200
