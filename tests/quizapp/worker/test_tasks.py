import json
import time

import pytest
from django.db import connection

import sandbox

from quizapp.runs import cache, submissions
from quizapp.worker import lifecycle, tasks
from quizapp.runs import store as runs_redis
from quizapp.runs.models import Submission
from tests.factories import SnippetFactory, SubmissionFactory

pytestmark = pytest.mark.django_db


def test_task_records_the_sandbox_result_once(redis_url, session_key, fake_sandbox):
    fake_sandbox.returns(verdict="ACCEPTED", stdout="[1 4 3]\n", toolchain_version="go1.27.3", wall_time_s=0.01)
    snippet = SnippetFactory()
    submission = submissions.submission_create(
        user=None, session_key=session_key, snippet=snippet, code=snippet.starter_code, language="go"
    )
    tasks.submission_run(submission.pk)
    tasks.submission_run(submission.pk)  # a redelivered message finds the row done and does nothing
    submission.refresh_from_db()
    assert len(fake_sandbox.requests) == 1
    assert (submission.status, submission.verdict, submission.stdout) == ("done", "ACCEPTED", "[1 4 3]\n")
    assert submission.toolchain_version == "go1.27.3" and submission.attempts == 1


def test_task_does_not_overwrite_a_row_the_reaper_already_failed(redis_url, session_key, fake_sandbox):
    submission = submissions.submission_create(
        user=None, session_key=session_key, snippet=None, code="print(1)", language="python"
    )

    def reaped_meanwhile(request):
        Submission.objects.filter(pk=submission.pk).update(status="done", verdict="INTERNAL_ERROR")
        return sandbox.RunResult(verdict=sandbox.Verdict.OK, stdout="1\n")

    fake_sandbox.answer = reaped_meanwhile
    tasks.submission_run(submission.pk)
    submission.refresh_from_db()
    assert submission.verdict == "INTERNAL_ERROR" and submission.stdout == ""


def test_run_request_appends_the_harness_and_uses_the_snippets_checker(redis_url, session_key):
    snippet = SnippetFactory(harness="func init() {}", checker="whitespace", stdin="5\n")
    submission = submissions.submission_create(
        user=None, session_key=session_key, snippet=snippet, code=snippet.starter_code, language="go", check=True
    )
    request = tasks.run_request_for(submission)
    assert request.source.endswith("\nfunc init() {}")
    assert (request.checker.kind, request.stdin, request.expected_output) == ("whitespace", "5\n", "[1 4 3]\n")


def test_the_verdict_is_recorded_when_the_results_cache_is_down(redis_url, session_key, settings):
    submission = submissions.submission_create(
        user=None, session_key=session_key, snippet=None, code=f"print('{session_key}')", language="python"
    )
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there: every cache call fails
    tasks.submission_run(submission.pk)
    submission.refresh_from_db()
    assert (submission.status, submission.verdict, submission.stdout) == ("done", "OK", f"{session_key}\n")


def test_internal_error_is_never_cached_or_served_from_the_cache(redis_url, session_key):
    key = f"test-internal-{session_key}"
    broken = {"verdict": "INTERNAL_ERROR", "message": "the sandbox process was killed from outside (signal 9)"}
    cache.result_put(key=key, result=broken)
    assert cache.result_get(key=key) is None
    runs_redis.client().set(runs_redis.key("result", key), json.dumps(broken))  # written by an older release
    assert cache.result_get(key=key) is None


def test_a_run_stopped_at_its_process_limit_is_never_cached(redis_url, session_key):
    key = f"test-processes-{session_key}"
    bomb = {"verdict": "RUNTIME_ERROR", "failure": "limit", "limit": "processes", "limit_value": 64}
    cache.result_put(key=key, result=bomb)
    assert cache.result_get(key=key) is None


def test_a_killed_run_is_internal_error_with_its_cause_and_the_next_run_is_fresh(redis_url, session_key, monkeypatch):
    import sandbox.api

    code = f"print('{session_key}')"
    killed = sandbox.RunResult(verdict=sandbox.Verdict.INTERNAL_ERROR, message="killed from outside by signal 9")
    monkeypatch.setattr(sandbox.api, "run", lambda request: killed)  # both tries: run_retrying calls it
    first = submissions.submission_create(
        user=None, session_key=session_key, snippet=None, code=code, language="python"
    )
    tasks.submission_run(first.pk)
    first.refresh_from_db()
    assert (first.verdict, first.message, first.cached) == ("INTERNAL_ERROR", "killed from outside by signal 9", False)

    monkeypatch.undo()
    second = submissions.submission_create(
        user=None, session_key=session_key, snippet=None, code=code, language="python"
    )
    tasks.submission_run(second.pk)
    second.refresh_from_db()
    assert (second.verdict, second.cached, second.stdout) == ("OK", False, f"{session_key}\n")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="an SQLite file has no server to lose")
@pytest.mark.django_db(transaction=True)
def test_a_connection_the_server_closed_between_runs_is_replaced_before_the_next_run(redis_url, session_key):
    submission = SubmissionFactory(code=f"print('{session_key}')")  # no message: no other worker takes it
    connection.ensure_connection()  # the worker keeps its connection between runs; the server restarts meanwhile
    admin = connection.get_new_connection(connection.get_connection_params())
    admin.autocommit = True
    admin.execute("SELECT pg_terminate_backend(%s)", [connection.connection.info.backend_pid])
    admin.close()
    time.sleep(0.2)
    lifecycle.database_ready()
    tasks.submission_run(submission.pk)
    submission.refresh_from_db()
    assert (submission.verdict, submission.attempts) == ("OK", 1)


@pytest.mark.django_db(transaction=True)
def test_a_live_connection_is_kept_between_runs(redis_url):
    connection.ensure_connection()
    kept = connection.connection
    lifecycle.database_ready()
    assert connection.connection is kept
