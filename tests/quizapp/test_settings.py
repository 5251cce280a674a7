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
