"""The web sends tasks by name: each name must be a task the worker registers, routed to a queue the
compose worker reads."""

import pytest

from quizapp import task_names
from quizapp.celery import app
from tests.support.topology import compose_worker_queues

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("name", task_names.ALL)
def test_every_task_the_web_sends_is_registered_by_the_worker(name):
    app.loader.import_default_modules()
    assert name in app.tasks


@pytest.mark.parametrize("name", task_names.ALL)
def test_every_task_the_web_sends_goes_to_a_queue_the_compose_worker_reads(name, settings):
    assert settings.CELERY_TASK_ROUTES[name]["queue"] in compose_worker_queues()


def test_the_reaper_is_scheduled_by_a_name_the_worker_registers(settings):
    app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert scheduled <= set(app.tasks) and scheduled <= set(task_names.ALL)
