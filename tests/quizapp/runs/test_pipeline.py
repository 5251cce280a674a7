"""End to end: the web view, the real Redis, a real Celery worker and the real sandbox."""

import re
import time
import uuid
from datetime import timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from quizapp.worker import reaper
from quizapp.runs.models import Submission
from tests.support.processes import wait_until
from tests.factories import GO_1028, PythonExerciseFactory, SnippetFactory

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def worker(celery_worker_process):
    if celery_worker_process.process.poll() is not None:
        celery_worker_process.start()
    return celery_worker_process


def run(client, *, code, language, snippet=None, token=None, action="check", fresh=False):
    data = {"code": code, "language": language, "token": token or uuid.uuid4(), "action": action}
    if snippet is not None:
        data["snippet"] = snippet.slug
    if fresh:
        data["fresh"] = "1"
    return client.post(reverse("runs:create"), data, **HTMX)


def final_page(client, response, timeout=30.0) -> tuple[Submission, str]:
    """Follow the polling partial, as htmx would, until it stops asking."""
    url = re.search(r'hx-get="(/runs/\d+/)"', response.content.decode()).group(1)
    def final_body():
        body = client.get(url, **HTMX).content.decode()
        return "hx-get" not in body and body

    body = wait_until(final_body, timeout, f"{url} final", interval=0.02)
    return Submission.objects.get(pk=int(url.split("/")[2])), body


def test_go_and_python_submissions_are_accepted(client, worker):
    go = SnippetFactory(slug="e2e-go")
    python = PythonExerciseFactory(slug="e2e-python")
    go_run, go_page = final_page(client, run(client, code=GO_1028, language="go", snippet=go))
    py_run, py_page = final_page(client, run(client, code=python.solution_code, language="python", snippet=python))
    assert go_run.verdict == "ACCEPTED", go_run.message
    assert "[1 4 3]" in go_page and "ACCEPTED" in go_page and go_run.toolchain_version.startswith("go")
    assert py_run.verdict == "ACCEPTED", py_run.message
    assert py_run.toolchain_version.startswith("Python") and py_run.stdout == "6\n"


def test_wrong_output_gets_a_diff(client, worker):
    snippet = SnippetFactory(slug="e2e-wrong")
    code = GO_1028.replace("s[:1]", "s[:1:1]")
    submission, page = final_page(client, run(client, code=code, language="go", snippet=snippet))
    assert submission.verdict == "WRONG_ANSWER"
    assert "-[1 4 3]" in submission.diff and "+[1 2 3]" in submission.diff
    assert 'class="diff-yours">+[1 2 3]' in page and "Not what the snippet" not in page


def test_compile_error_shows_the_compiler_line(client, worker):
    code = 'package main\n\nfunc main() {\n\tx := 1\n}\n'
    submission, page = final_page(client, run(client, code=code, language="go"))
    assert submission.verdict == "COMPILE_ERROR"
    assert re.search(r"\.go:4:\d+: declared and not used: x", submission.compile_output), submission.compile_output
    assert "declared and not used" in page


def test_identical_run_comes_from_the_cache(client, worker):
    code = f"print('cache me {uuid.uuid4()}')\n"
    first, _ = final_page(client, run(client, code=code, language="python"))
    second, page = final_page(client, run(client, code=code, language="python"))
    assert (first.cached, second.cached) == (False, True)
    assert second.stdout == first.stdout and "cached result" in page


def test_run_on_a_snippet_page_just_runs_the_learners_program(client, worker):
    snippet = SnippetFactory(slug="e2e-hello")
    hello = 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hello") }\n'
    submission, page = final_page(client, run(client, code=hello, language="go", snippet=snippet, action="run"))
    assert (submission.checked, submission.verdict, submission.stdout) == (False, "OK", "hello\n")
    assert "It printed" in page and "data-judgement" not in page and "[1 4 3]" not in page


def test_a_nondeterministic_program_is_never_served_from_the_cache(client, worker):
    snippet = SnippetFactory(
        slug="e2e-random",
        language="python",
        nondeterministic=True,
        checker="regex",
        expected_output="",
        checker_arg=r"\d+",
        solution_code="import random\nprint(random.random())\n",
    )
    runs = [
        final_page(client, run(client, code=snippet.solution_code, language="python", snippet=snippet))[0]
        for _ in range(2)
    ]
    assert [r.cached for r in runs] == [False, False]
    elsewhere, _ = final_page(client, run(client, code=snippet.solution_code, language="python", action="run"))
    assert elsewhere.cached is False  # the same program run off its page is not shared either


def test_a_run_asked_for_fresh_is_never_served_from_the_cache(client, worker):
    code = f"print('fresh {uuid.uuid4()}')\n"
    first, _ = final_page(client, run(client, code=code, language="python"))
    cached, _ = final_page(client, run(client, code=code, language="python"))
    again, _ = final_page(client, run(client, code=code, language="python", fresh=True))
    assert (first.cached, cached.cached, again.cached) == (False, True, False)


def test_double_clicked_run_creates_one_run(client, worker):
    token = uuid.uuid4()
    code = f"print('{token}')\n"
    first, second = (
        run(client, code=code, language="python", token=token),
        run(client, code=code, language="python", token=token),
    )
    polls = re.findall(r'hx-get="(/runs/\d+/)"', first.content.decode() + second.content.decode())
    assert len(set(polls)) <= 1  # the second click shows the first click's run (final already, or still polling)
    submission, _ = final_page(client, first)
    assert second.status_code == 200
    assert Submission.objects.filter(code=code).count() == 1
    assert submission.attempts == 1 and submission.verdict == "OK"


@pytest.mark.usefixtures("one_rate_window")
@override_settings(RUNS_RATE_LIMIT=(3, 10))
def test_rate_limit_returns_429_and_loses_nothing(client, worker):
    responses = [run(client, code=f"print({n})\n", language="python") for n in range(4)]
    assert [response.status_code for response in responses] == [200, 200, 200, 429]
    assert int(responses[-1]["Retry-After"]) >= 1
    for response in responses[:3]:
        assert final_page(client, response)[0].verdict == "OK"


def test_sigkilled_worker_leaves_no_run_stuck(client, worker):
    code = f"import time\ntime.sleep(2.5)\nprint('survived {uuid.uuid4()}')\n"
    response = run(client, code=code, language="python")
    submission = Submission.objects.get(code=code)
    wait_until(
        lambda: Submission.objects.get(pk=submission.pk).status == "running", 20, "the run started", interval=0.02
    )
    time.sleep(0.3)
    worker.kill()
    assert Submission.objects.get(pk=submission.pk).status == "running"
    worker.start()
    later = timezone.now() + timedelta(seconds=reaper.running_deadline_s() + 1)
    assert reaper.submissions_reap(now=later).requeued == 1
    submission, page = final_page(client, response)
    assert submission.status == "done"
    assert submission.verdict == "OK" and "survived" in submission.stdout
    assert submission.attempts == 2 and submission.requeues == 1
