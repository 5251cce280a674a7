"""Limits that must fit inside each other, so no run is killed by the pipeline for the sandbox's time."""

import ast
from pathlib import Path

import pytest

import quizapp.settings as settings_package

from quizapp.worker.reaper import running_deadline_s
from sandbox.models import Limits
from sandbox.slots import WAIT_FOR_FREE_S

pytestmark = pytest.mark.unit


def test_the_task_time_limit_covers_a_uid_wait_a_build_and_a_run_and_their_retry(settings):
    limits = Limits()
    worst = 2 * (WAIT_FOR_FREE_S + limits.build_wall_time_s + limits.wall_time_s)
    assert settings.RUNS_SOFT_TIME_LIMIT_S > worst
    assert settings.RUNS_HARD_TIME_LIMIT_S > settings.RUNS_SOFT_TIME_LIMIT_S


def test_the_broker_and_the_reaper_wait_longer_than_a_run_may_take(settings):
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] > settings.RUNS_HARD_TIME_LIMIT_S
    assert running_deadline_s() > settings.RUNS_HARD_TIME_LIMIT_S


def test_formatting_may_take_as_long_as_a_build(settings):
    assert settings.RUNS_FORMAT_SOFT_TIME_LIMIT_S > Limits().build_wall_time_s
    assert settings.RUNS_FORMAT_HARD_TIME_LIMIT_S > settings.RUNS_FORMAT_SOFT_TIME_LIMIT_S


def assigned_names(module: str) -> set[str]:
    tree = ast.parse((Path(settings_package.__file__).parent / f"{module}.py").read_text())
    return {target.id for node in tree.body if isinstance(node, ast.Assign) for target in node.targets
            if isinstance(target, ast.Name)}


@pytest.mark.parametrize("concern", ["email", "runs"])
def test_each_knob_of_a_concern_is_set_in_its_module_only(concern):
    for other in ("base", "production"):
        assert assigned_names(concern) & assigned_names(other) == set(), (concern, other)


def test_a_sqlite_transaction_that_reads_then_writes_waits_for_another_writer(tmp_path, django_db_blocker, monkeypatch):
    """A learner's write that began with a read, while a worker records a verdict: without a write lock
    taken at BEGIN, SQLite refuses it at once ("database is locked", a 503) instead of waiting."""
    from django.db.utils import ConnectionHandler

    from quizapp.settings.base import SQLITE_OPTIONS

    database = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "db.sqlite3"),
                "OPTIONS": dict(SQLITE_OPTIONS)}
    connections = ConnectionHandler({"default": database, "worker": database, "web": database})
    monkeypatch.setattr("django.db.transaction.connections", connections)  # atomic() on these two
    with django_db_blocker.unblock():  # a database of its own, not the test database
        _read_then_write_beside_a_writer(connections, failures := [])
    assert failures == []


def _read_then_write_beside_a_writer(connections, failures):
    import threading

    from django.db import transaction

    with connections["worker"].cursor() as cursor:
        cursor.execute("CREATE TABLE runs (id INTEGER PRIMARY KEY, verdict TEXT)")
    worker_writing, web_reading = threading.Event(), threading.Event()

    def worker():
        try:
            with transaction.atomic(using="worker"):
                connections["worker"].cursor().execute("INSERT INTO runs (verdict) VALUES ('OK')")
                worker_writing.set()
                web_reading.wait(0.3)  # with IMMEDIATE the web cannot even begin meanwhile
        finally:
            connections["worker"].close()

    thread = threading.Thread(target=worker)
    thread.start()
    worker_writing.wait(5)
    try:
        with transaction.atomic(using="web"):
            cursor = connections["web"].cursor()
            cursor.execute("SELECT count(*) FROM runs")
            web_reading.set()
            thread.join()  # the worker commits while the web's transaction is open
            cursor.execute("INSERT INTO runs (verdict) VALUES ('queued')")
    except Exception as exc:  # noqa: BLE001 - the failure is the finding
        failures.append(exc)
    finally:
        thread.join()
        connections["web"].close()
