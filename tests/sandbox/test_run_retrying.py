"""INTERNAL_ERROR is the sandbox's failure, never the program's: one more try before anyone is told."""

import pytest

from sandbox import RunRequest, RunResult, Verdict, api

pytestmark = pytest.mark.unit


def _verdicts(monkeypatch, *verdicts):
    """api.run answers these verdicts in turn; returns the list of requests it was given."""
    given, answers = [], list(verdicts)

    def run(request):
        given.append(request)
        return RunResult(verdict=answers.pop(0), language=request.language)

    monkeypatch.setattr(api, "run", run)
    return given


def test_a_sandbox_that_failed_once_gets_a_second_try(monkeypatch):
    given = _verdicts(monkeypatch, Verdict.INTERNAL_ERROR, Verdict.OK)
    request = RunRequest("python", "print(1)")
    assert api.run_retrying(request).verdict == Verdict.OK
    assert given == [request, request]


def test_a_second_failure_is_reported(monkeypatch):
    given = _verdicts(monkeypatch, Verdict.INTERNAL_ERROR, Verdict.INTERNAL_ERROR)
    assert api.run_retrying(RunRequest("python", "print(1)")).verdict == Verdict.INTERNAL_ERROR
    assert len(given) == 2


def test_a_program_that_failed_on_its_own_is_not_run_again(monkeypatch):
    given = _verdicts(monkeypatch, Verdict.RUNTIME_ERROR)
    assert api.run_retrying(RunRequest("python", "raise SystemExit(3)")).verdict == Verdict.RUNTIME_ERROR
    assert len(given) == 1
