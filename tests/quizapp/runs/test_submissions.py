import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from quizapp.runs import submissions
from quizapp.runs.models import Submission
from quizapp.runs.ratelimit import Busy

from tests.factories import SnippetFactory

from .helpers import queued_run

pytestmark = pytest.mark.django_db


def test_create_queues_the_run_after_commit(redis_url, session_key, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        submission = queued_run(session_key)
    assert submission.status == Submission.Status.QUEUED
    assert submission.checked is False
    assert len(callbacks) == 1


def test_create_refuses_code_over_64_kib_with_a_clear_message(redis_url, session_key):
    with pytest.raises(ValidationError) as error:
        queued_run(session_key, code="x" * (64 * 1024 + 1))
    assert "the limit is 64 KiB" in str(error.value)
    assert not Submission.objects.exists()


def test_create_refuses_code_that_is_not_utf8(redis_url, session_key):
    with pytest.raises(ValidationError, match="not valid UTF-8"):
        queued_run(session_key, code="print('\udcff')")


def test_create_refuses_unknown_language(redis_url, session_key):
    with pytest.raises(ValidationError, match="Unknown language"):
        queued_run(session_key, language="cobol")


def test_repeated_token_returns_the_first_submission(redis_url, session_key):
    first = queued_run(session_key, token="0b7e7a8e-0000-4000-8000-000000000001")
    second = queued_run(session_key, token=first.token)
    assert second.pk == first.pk
    assert Submission.objects.count() == 1


def test_check_judges_a_snippet_run_in_its_own_language_and_run_just_runs(redis_url, session_key):
    snippet = SnippetFactory()
    submission = submissions.submission_create(
        user=None, session_key=session_key, snippet=snippet, code=snippet.starter_code, language="go", check=True
    )
    assert submission.checked is True
    playground = submissions.submission_create(
        user=None, session_key=session_key, snippet=snippet, code="print(1)", language="python", check=True
    )
    assert playground.checked is False
    just_run = submissions.submission_create(
        user=None, session_key=session_key, snippet=snippet, code=snippet.starter_code, language="go"
    )
    assert just_run.checked is False


@pytest.mark.usefixtures("one_rate_window")
@override_settings(RUNS_RATE_LIMIT=(3, 10))
def test_rate_limit_says_when_to_retry(redis_url, session_key):
    for _ in range(3):
        queued_run(session_key)
    with pytest.raises(Busy) as busy:
        queued_run(session_key)
    assert 1 <= busy.value.retry_after <= 10
    assert Submission.objects.count() == 3


@override_settings(RUNS_MAX_QUEUED=2)
def test_global_queue_cap(redis_url, session_key):
    queued_run(session_key)
    queued_run(session_key + "b")
    with pytest.raises(Busy, match="waiting for a sandbox"):
        queued_run(session_key + "c")


def test_a_token_from_another_visitor_is_refused(redis_url, session_key):
    first = queued_run(session_key)
    with pytest.raises(ValidationError, match="already used"):
        queued_run(session_key + "-other", token=first.token)
