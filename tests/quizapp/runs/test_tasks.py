import pytest

from quizapp.runs import services, tasks
from quizapp.runs.models import Submission

from .factories import SnippetFactory

pytestmark = pytest.mark.django_db


def test_task_records_the_sandbox_result_once(redis_url, session_key, monkeypatch):
    calls = []
    fake = {"verdict": "ACCEPTED", "stdout": "[1 4 3]\n", "toolchain_version": "go1.27.3", "wall_time_s": 0.01}
    monkeypatch.setattr(tasks, "_execute", lambda submission: calls.append(submission.pk) or (fake, False))
    snippet = SnippetFactory()
    submission = services.submission_create(
        user=None, session_key=session_key, snippet=snippet, code=snippet.starter_code, language="go"
    )
    tasks.submission_run(submission.pk)
    tasks.submission_run(submission.pk)  # a redelivered message finds the row done and does nothing
    submission.refresh_from_db()
    assert calls == [submission.pk]
    assert (submission.status, submission.verdict, submission.stdout) == ("done", "ACCEPTED", "[1 4 3]\n")
    assert submission.toolchain_version == "go1.27.3" and submission.attempts == 1


def test_task_does_not_overwrite_a_row_the_reaper_already_failed(redis_url, session_key, monkeypatch):
    submission = services.submission_create(user=None, session_key=session_key, snippet=None, code="print(1)", language="python")

    def reaped_meanwhile(row):
        Submission.objects.filter(pk=row.pk).update(status="done", verdict="INTERNAL_ERROR")
        return {"verdict": "OK", "stdout": "1\n"}, False

    monkeypatch.setattr(tasks, "_execute", reaped_meanwhile)
    tasks.submission_run(submission.pk)
    submission.refresh_from_db()
    assert submission.verdict == "INTERNAL_ERROR" and submission.stdout == ""


def test_run_request_appends_the_harness_and_uses_the_snippets_checker(redis_url, session_key):
    snippet = SnippetFactory(harness="func init() {}", checker="whitespace", stdin="5\n")
    submission = services.submission_create(
        user=None, session_key=session_key, snippet=snippet, code=snippet.starter_code, language="go"
    )
    request = tasks.run_request_for(submission)
    assert request.source.endswith("\nfunc init() {}")
    assert (request.checker.kind, request.stdin, request.expected_output) == ("whitespace", "5\n", "[1 4 3]\n")
