"""Fault injection on the production topology: the worker and beat of docker-compose.yml (same
commands and queues, read from the file), a Redis this test owns with an append-only file as in
production, and the suite's database. Only the timeouts are shortened, through settings.

After each fault every submitted run reaches a final state within 60 s of the service coming back
(of the fault, for a killed worker), none runs twice, and new runs are accepted again. Each test
prints how long recovery took; set QUIZAPP_FAULTS_REPORT=path to append them as JSON lines.
"""

import json
import os
import signal
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from quizapp import task_names
from quizapp.celery import app as celery_app
from quizapp.runs import submissions
from quizapp.runs import store as runs_redis
from quizapp.runs.models import Submission
from tests.factories import SubmissionFactory
from tests.support.worker_process import database_url

from tests.support.tcp_proxy import TcpProxy
from tests.support.topology import Service, compose_worker_queues, queue_runs, wait_until, wait_until_final

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

RECOVERY_LIMIT_S = 60
SHORT_TIMEOUTS = {
    "RUNS_REAP_EVERY_S": "2",
    "RUNS_HEARTBEAT_EVERY_S": "1",
    "RUNS_HEARTBEAT_TTL_S": "4",
    "RUNS_RESEND_GRACE_S": "2",
}


class Topology:
    def __init__(self, redis_url: str, workdir: Path, database: dict | None = None):
        env = {
            **os.environ,
            **SHORT_TIMEOUTS,
            "DJANGO_SETTINGS_MODULE": "quizapp.settings.production",
            "SECRET_KEY": "fault-injection-tests",
            "REDIS_URL": redis_url,
            "DATABASE_URL": database_url(database or connection.settings_dict),
            "CELERY_KEY_PREFIX": settings.CELERY_KEY_PREFIX,
        }
        self.worker = Service("worker", env=env, workdir=workdir)
        self.beat = Service("beat", env=env, workdir=workdir)

    def start(self) -> "Topology":
        self.worker.start()
        self.beat.start()
        return self

    def stop(self) -> None:
        self.beat.stop()
        self.worker.stop()


@pytest.fixture
def topology(private_redis, tmp_path):
    topology = Topology(private_redis.url, tmp_path)
    yield topology
    topology.stop()


def report(fault: str, recovered_s: float) -> None:
    load = os.getloadavg()[0]
    print(f"\nfault {fault}: every run final {recovered_s:.1f} s after recovery (load average {load:.2f})")
    if os.environ.get("QUIZAPP_FAULTS_REPORT"):
        with open(os.environ["QUIZAPP_FAULTS_REPORT"], "a") as out:
            out.write(json.dumps({"fault": fault, "recovered_s": round(recovered_s, 2), "load_avg": load}) + "\n")


def assert_ran_once_each(ids: list[int]) -> None:
    rows = list(Submission.objects.filter(pk__in=ids))
    assert all(row.verdict == "OK" for row in rows), [(row.pk, row.verdict, row.message) for row in rows]
    assert all(row.attempts == 1 for row in rows), [(row.pk, row.attempts) for row in rows if row.attempts != 1]


def assert_new_runs_accepted() -> None:
    [new] = queue_runs(1, f"after-{uuid.uuid4().hex[:6]}")
    wait_until_final([new], RECOVERY_LIMIT_S)
    assert Submission.objects.get(pk=new).verdict == "OK"


def running(ids: list[int]) -> int:
    return Submission.objects.filter(pk__in=ids, status=Submission.Status.RUNNING).count()


def test_compose_workers_consume_every_queue_the_pipeline_sends_to():
    routes = settings.CELERY_TASK_ROUTES
    assert {route["queue"] for route in routes.values()} <= compose_worker_queues()
    assert routes[task_names.SUBMISSIONS_REAP]["queue"] in compose_worker_queues()


def test_the_reaper_runs_in_the_compose_topology(topology):
    stranded = SubmissionFactory(
        session_key="stranded", language="python", code="print('stranded')\n", status=Submission.Status.RUNNING,
        started_at=timezone.now(), attempts=1, claimed_by="gone-host:1:deadbeef",
    )
    topology.start()
    recovered = wait_until_final([stranded.pk], RECOVERY_LIMIT_S)
    stranded.refresh_from_db()
    assert (stranded.verdict, stranded.stdout, stranded.requeues) == ("OK", "stranded\n", 1)
    report("stranded run of a vanished worker", recovered)


def test_redis_sigkill_and_aof_restart_with_runs_in_flight(topology, private_redis):
    topology.start()
    ids = queue_runs(6, "aof", sleep_s=1.5)
    wait_until(lambda: running(ids) >= 1, 30, "a run in flight")
    private_redis.process.send_signal(signal.SIGKILL)
    private_redis.process.wait()
    time.sleep(3)
    private_redis.start()
    recovered = wait_until_final(ids, RECOVERY_LIMIT_S)
    assert_ran_once_each(ids)
    assert_new_runs_accepted()
    report("Redis SIGKILL + AOF restart, runs in flight", recovered)


def test_flushall_with_runs_queued(topology, settings):
    settings.RUNS_MAX_QUEUED = 8
    ids = queue_runs(8, "flush")
    runs_redis.client().flushall()
    with pytest.raises(submissions.ratelimit.Busy):  # the cap counts the database, the truth
        queue_runs(1, "over-the-cap")
    topology.start()
    recovered = wait_until_final(ids, RECOVERY_LIMIT_S)
    assert_ran_once_each(ids)
    assert Submission.objects.filter(pk__in=ids, resends__gte=1).count() == len(ids)
    assert_new_runs_accepted()
    report("FLUSHALL with runs queued", recovered)


def test_worker_killed_mid_run_is_requeued_by_the_reaper_not_the_visibility_timeout(topology):
    topology.start()
    [victim] = queue_runs(1, "killed", sleep_s=3)
    behind = queue_runs(3, "behind")
    wait_until(lambda: running([victim]) == 1, 30, "the run started")
    time.sleep(0.5)
    topology.worker.kill()
    killed_at = time.monotonic()
    interrupted = set(Submission.objects.filter(status=Submission.Status.RUNNING).values_list("pk", flat=True))
    topology.worker.start()  # compose: restart: unless-stopped
    wait_until_final([victim, *behind], RECOVERY_LIMIT_S - (time.monotonic() - killed_at))
    recovered = time.monotonic() - killed_at
    assert victim in interrupted
    for row in Submission.objects.filter(pk__in=interrupted):
        assert (row.verdict, row.attempts, row.requeues) == ("OK", 2, 1), (row.pk, row.verdict, row.message)
    victim_row = Submission.objects.get(pk=victim)
    assert victim_row.stdout == "killed 0\n"
    assert_ran_once_each([pk for pk in behind if pk not in interrupted])
    assert_new_runs_accepted()
    report("worker SIGKILL mid-run", recovered)


def test_a_sandboxed_process_killed_from_outside_is_not_the_learners_fault(topology):
    topology.start()
    code = f"import time\nprint('{uuid.uuid4().hex}')\ntime.sleep(4)\n"
    first = submissions.submission_create(user=None, session_key="killed-1", snippet=None, code=code, language="python")
    wait_until(lambda: running([first.pk]) == 1, 30, "the run started")

    def kill_the_learners_process() -> bool:
        for pid in topology.worker.descendants():
            try:
                if b"utf8\x00-c" in Path(f"/proc/{pid}/cmdline").read_bytes():
                    os.kill(pid, signal.SIGKILL)
                    return True
            except OSError:
                pass  # gone meanwhile
        return False

    wait_until(kill_the_learners_process, 20, "the learner's process in the sandbox killed")
    recovered = wait_until_final([first.pk], RECOVERY_LIMIT_S)
    first.refresh_from_db()
    assert first.verdict in ("OK", "INTERNAL_ERROR"), (first.verdict, first.message)
    if first.verdict == "INTERNAL_ERROR":
        assert first.message and not first.cached
    second = submissions.submission_create(
        user=None, session_key="killed-2", snippet=None, code=code, language="python")
    wait_until_final([second.pk], RECOVERY_LIMIT_S)
    second.refresh_from_db()
    assert second.verdict == "OK", (second.verdict, second.message, second.cached)
    report("sandboxed process SIGKILLed from outside", recovered)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite is a file: it cannot become unreachable")
def test_database_unreachable_with_runs_in_flight_and_queued(private_redis, tmp_path):
    proxy = TcpProxy(connection.settings_dict["HOST"] or "127.0.0.1", int(connection.settings_dict["PORT"] or 5432))
    proxy.start()
    topology = Topology(
        private_redis.url, tmp_path, database={**connection.settings_dict, "HOST": "127.0.0.1", "PORT": proxy.port}
    )
    try:
        topology.start()
        ids = queue_runs(6, "database", sleep_s=1.5)
        wait_until(lambda: running(ids) >= 1, 30, "a run in flight")
        proxy.cut()
        time.sleep(5)
        proxy.start()
        recovered = wait_until_final(ids, RECOVERY_LIMIT_S)
        assert_ran_once_each(ids)
        assert_new_runs_accepted()
    finally:
        topology.stop()
        proxy.cut()
    report("database unreachable for 5 s, runs in flight and queued", recovered)


@pytest.fixture(autouse=True)
def _publisher_reconnects():
    yield
    celery_app._pool = None
