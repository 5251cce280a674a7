import socket
from datetime import timedelta

import pytest
import redis
from django.urls import reverse
from django.utils import timezone

from quizapp.ops.heartbeat import heartbeat_key, heartbeat_write
from quizapp.runs.models import Submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_client(redis_url):
    client = redis.Redis.from_url(redis_url)
    yield client
    for key in client.scan_iter(match=heartbeat_key("*")):
        client.delete(key)


def test_healthz_is_ok_with_database_redis_and_a_fresh_worker(client, redis_client):
    heartbeat_write(redis_client, "test-worker@host")
    response = client.get(reverse("ops:healthz"))
    assert response.status_code == 200, response.json()
    assert response.json()["worker"]["ok"] is True


def test_healthz_is_unhealthy_without_a_worker_heartbeat(client, redis_client):
    response = client.get(reverse("ops:healthz"))
    assert response.status_code == 503
    assert response.json()["worker"]["detail"] == "no worker heartbeat in Redis"
    assert response.json()["database"]["ok"] is True


def test_healthz_reports_unreachable_redis(client, settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    settings.REDIS_URL = f"redis://127.0.0.1:{closed_port}/0"
    response = client.get(reverse("ops:healthz"))
    assert response.status_code == 503
    assert response.json()["redis"]["ok"] is False


def make_submission(verdict: str, latency_s: float) -> Submission:
    finished = timezone.now()
    return Submission.objects.create(
        session_key="metrics-test", language="python", code="print(1)", status=Submission.Status.DONE,
        verdict=verdict, queued_at=finished - timedelta(seconds=latency_s), finished_at=finished,
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


def test_metrics_token_is_enforced_when_set(client, settings):
    settings.METRICS_TOKEN = "s3cret"
    assert client.get(reverse("ops:metrics")).status_code == 401
    assert client.get(reverse("ops:metrics"), HTTP_AUTHORIZATION="Bearer s3cret").status_code == 200
