"""One program on every toolchain of its language, side by side."""

import pytest
from django.urls import reverse

from quizapp.runs.models import Submission
from quizapp.runs.submissions import toolchains_for
from tests.factories import SnippetFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
HELLO = 'package main\n\nfunc main() {\n\tprintln("hi")\n}\n'
TOKEN = "11111111-2222-4333-8444-555555555555"


def compare(client, **extra):
    data = {"code": HELLO, "language": "go", "compare": "1", "token": TOKEN, **extra}
    return client.post(reverse("runs:create"), data, **extra.pop("headers", HTMX))


def test_go_offers_go_1_21_and_the_current_go_oldest_first():
    ids = [toolchain for toolchain, _ in toolchains_for("go")]
    assert ids[0] == "go1.21" and len(ids) == 2


def test_compare_queues_one_plain_run_per_toolchain_in_one_batch(client, redis_url):
    body = compare(client).content.decode()
    runs = list(Submission.objects.order_by("id"))
    assert [run.toolchain for run in runs] == [toolchain for toolchain, _ in toolchains_for("go")]
    assert len({run.batch for run in runs}) == 1 and not any(run.checked for run in runs)
    assert body.count('class="run-column"') == 2 and "Go 1.21" in body
    assert 'id="run-token"' in body


def test_a_repeated_compare_form_runs_once(client, redis_url):
    compare(client)
    compare(client)
    assert Submission.objects.count() == 2


def test_without_htmx_compare_redirects_to_a_page_that_refreshes_until_done(client, redis_url):
    response = client.post(reverse("runs:create"), {"code": HELLO, "language": "go", "compare": "1"})
    batch = Submission.objects.first().batch
    assert response.status_code == 302 and response["Location"] == reverse("runs:compare", args=[batch])
    page = client.get(response["Location"]).content.decode()
    assert 'http-equiv="refresh"' in page and page.count('class="run-column"') == 2
    Submission.objects.update(status="done", verdict="OK")
    assert 'http-equiv="refresh"' not in client.get(response["Location"]).content.decode()


def test_someone_elses_comparison_is_404(client, redis_url):
    compare(client)
    batch = Submission.objects.first().batch
    client.cookies.clear()
    assert client.get(reverse("runs:compare", args=[batch])).status_code == 404


def test_a_version_dependent_snippet_shows_its_answer_per_toolchain(client, redis_url):
    snippet = SnippetFactory(slug="go-loop", expected_output="012\n",
                             expectations={"go1.21": {"expected_output": "333\n", "checker_kind": "trailing_ws",
                                                      "checker_arg": ""}})
    body = compare(client, snippet=snippet.slug).content.decode()
    assert "The snippet's answer on Go 1.21:" in body
    assert '<pre class="expected">333\n</pre>' in body and '<pre class="expected">012\n</pre>' in body


def test_an_unknown_toolchain_is_a_clear_error():
    from django.core.exceptions import ValidationError

    from quizapp.runs.submissions import submission_create

    with pytest.raises(ValidationError, match="Unknown toolchain 'go1.9'"):
        submission_create(user=None, session_key="s", snippet=None, code=HELLO, language="go", toolchain="go1.9")
