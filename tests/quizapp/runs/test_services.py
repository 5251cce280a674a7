from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from quizapp.runs import services
from quizapp.runs.models import Submission
from quizapp.runs.ratelimit import Busy

from .factories import SnippetFactory

pytestmark = pytest.mark.django_db


def create(session_key, code="print(1)\n", language="python", **extra):
    return services.submission_create(
        user=None, session_key=session_key, snippet=None, code=code, language=language, **extra
    )


def test_create_queues_the_run_after_commit(redis_url, session_key, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        submission = create(session_key)
    assert submission.status == Submission.Status.QUEUED
    assert submission.checked is False
    assert len(callbacks) == 1


def test_create_refuses_code_over_64_kib_with_a_clear_message(redis_url, session_key):
    with pytest.raises(ValidationError) as error:
        create(session_key, code="x" * (64 * 1024 + 1))
    assert "the limit is 64 KiB" in str(error.value)
    assert not Submission.objects.exists()


def test_create_refuses_code_that_is_not_utf8(redis_url, session_key):
    with pytest.raises(ValidationError, match="not valid UTF-8"):
        create(session_key, code="print('\udcff')")


def test_create_refuses_unknown_language(redis_url, session_key):
    with pytest.raises(ValidationError, match="Unknown language"):
        create(session_key, language="cobol")


def test_repeated_token_returns_the_first_submission(redis_url, session_key):
    first = create(session_key, token="0b7e7a8e-0000-4000-8000-000000000001")
    second = create(session_key, token=first.token)
    assert second.pk == first.pk
    assert Submission.objects.count() == 1


def test_snippet_run_in_its_own_language_is_checked(redis_url, session_key):
    snippet = SnippetFactory()
    submission = services.submission_create(
        user=None, session_key=session_key, snippet=snippet, code=snippet.starter_code, language="go"
    )
    assert submission.checked is True
    playground = services.submission_create(
        user=None, session_key=session_key, snippet=snippet, code="print(1)", language="python"
    )
    assert playground.checked is False


@override_settings(RUNS_RATE_LIMIT=(3, 10))
def test_rate_limit_says_when_to_retry(redis_url, session_key):
    for _ in range(3):
        create(session_key)
    with pytest.raises(Busy) as busy:
        create(session_key)
    assert 1 <= busy.value.retry_after <= 10
    assert Submission.objects.count() == 3


@override_settings(RUNS_MAX_QUEUED=2)
def test_global_queue_cap(redis_url, session_key):
    create(session_key)
    create(session_key + "b")
    with pytest.raises(Busy, match="waiting for a sandbox"):
        create(session_key + "c")


def test_claim_attaches_anonymous_runs_to_the_new_user(redis_url, session_key):
    create(session_key)
    create(session_key)
    user = get_user_model().objects.create_user("learner")
    assert services.submissions_claim_for_user(session_key=session_key, user=user) == 2
    assert Submission.objects.filter(user=user).count() == 2


def test_prediction_graded_with_the_snippets_checker():
    snippet = SnippetFactory.build(expected_output="[1 4 3]\n", checker="trailing_ws")
    assert services.prediction_grade(snippet=snippet, outcome="prints", text="[1 4 3]   \n\n").correct
    wrong = services.prediction_grade(snippet=snippet, outcome="prints", text="[1 2 3]")
    assert not wrong.correct
    assert "-[1 4 3]" in wrong.diff and "+[1 2 3]" in wrong.diff


def test_prediction_of_a_compile_error():
    snippet = SnippetFactory.build(checker="compile_error", checker_arg="declared and not used", expected_output="")
    assert services.prediction_grade(snippet=snippet, outcome="compile_error", text="").correct
    grade = services.prediction_grade(snippet=snippet, outcome="prints", text="0")
    assert not grade.correct and "does not compile" in grade.diff


def _stuck(session_key, *, status, age_s, requeues=0):
    past = timezone.now() - timedelta(seconds=age_s)
    submission = create(session_key)
    Submission.objects.filter(pk=submission.pk).update(
        status=status, started_at=past if status == "running" else None, queued_at=past, requeues=requeues
    )
    return submission


def test_reaper_requeues_a_run_whose_worker_died(redis_url, session_key, django_capture_on_commit_callbacks):
    stuck = _stuck(session_key, status="running", age_s=services.running_deadline_s() + 1)
    fresh = _stuck(session_key, status="running", age_s=1)
    with django_capture_on_commit_callbacks() as callbacks:
        report = services.submissions_reap()
    assert (report.requeued, report.failed) == (1, 0)
    assert len(callbacks) == 1
    stuck.refresh_from_db()
    fresh.refresh_from_db()
    assert stuck.status == "queued" and stuck.requeues == 1
    assert fresh.status == "running"


def test_reaper_fails_a_run_stuck_twice_with_a_clear_message(redis_url, session_key):
    stuck = _stuck(session_key, status="running", age_s=services.running_deadline_s() + 1, requeues=1)
    assert services.submissions_reap().failed == 1
    stuck.refresh_from_db()
    assert (stuck.status, stuck.verdict) == ("done", "INTERNAL_ERROR")
    assert "interrupted 2 times" in stuck.message


def test_reaper_requeues_a_run_never_picked_up(redis_url, session_key, settings):
    stuck = _stuck(session_key, status="queued", age_s=settings.RUNS_QUEUED_DEADLINE_S + 1)
    assert services.submissions_reap().requeued == 1
    stuck.refresh_from_db()
    assert stuck.status == "queued" and stuck.requeues == 1


def test_reap_submissions_command_reports_what_it_did(redis_url, session_key):
    from io import StringIO

    from django.core.management import call_command

    _stuck(session_key, status="running", age_s=services.running_deadline_s() + 1, requeues=1)
    out = StringIO()
    call_command("reap_submissions", stdout=out)
    assert out.getvalue().strip() == "requeued 0, failed 1"


def test_a_token_from_another_visitor_is_refused(redis_url, session_key):
    first = create(session_key)
    with pytest.raises(ValidationError, match="already used"):
        create(session_key + "-other", token=first.token)
