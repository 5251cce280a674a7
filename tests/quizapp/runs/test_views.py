import uuid

import pytest
from django.test import override_settings
from django.urls import reverse

from quizapp.runs.models import Submission
from tests.factories import SnippetFactory, SubmissionFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def post_run(client, code="print(1)\n", language="python", **extra):
    data = {"code": code, "language": language, **extra}
    return client.post(reverse("runs:create"), data, **HTMX)


def test_run_returns_a_polling_status_and_a_fresh_token(client, redis_url):
    response = post_run(client, token="11111111-2222-4333-8444-555555555555")
    body = response.content.decode()
    submission = Submission.objects.get()
    assert response.status_code == 200
    assert f'hx-get="{submission.get_absolute_url()}"' in body and "load delay" in body
    assert 'id="run-token"' in body and "11111111-2222" not in body
    assert "<html" not in body


def test_a_new_run_is_asked_about_soon_and_a_long_one_less_often(client, redis_url):
    from datetime import timedelta

    from django.utils import timezone

    post_run(client)
    submission = Submission.objects.get()
    delays = []
    for age_s in (0, 2, 30):
        Submission.objects.update(created_at=timezone.now() - timedelta(seconds=age_s))
        body = client.get(submission.get_absolute_url(), **HTMX).content.decode()
        delays.append(int(body.split('hx-trigger="load delay:', 1)[1].split("ms", 1)[0]))
    assert delays == [20, 150, 500]


def test_final_status_stops_polling_and_shows_the_result(client, redis_url):
    post_run(client)
    Submission.objects.update(
        status="done", verdict="WRONG_ANSWER", stdout="[1 2 3]\n", diff="--- expected\n+++ actual\n-[1 4 3]\n+[1 2 3]",
        toolchain_version="Python 3.11.2", wall_time_s=0.012,
    )
    response = client.get(Submission.objects.get().get_absolute_url(), **HTMX)
    body = response.content.decode()
    assert "hx-get" not in body and "hx-trigger" not in body
    assert "It printed" in body and "WRONG_ANSWER" not in body.replace('data-verdict="WRONG_ANSWER"', "")
    assert "Python 3.11.2" in body and "12 ms" in body
    assert response["HX-Trigger"] == "runDone"


def test_double_submit_with_one_token_creates_one_run(client, redis_url):
    token = "21111111-2222-4333-8444-555555555555"
    first, second = post_run(client, token=token), post_run(client, token=token)
    assert first.status_code == second.status_code == 200
    assert Submission.objects.count() == 1


@pytest.mark.usefixtures("one_rate_window")
@override_settings(RUNS_RATE_LIMIT=(2, 10))
def test_rate_limited_run_is_429_with_retry_after_and_keeps_the_code(client, redis_url):
    post_run(client)
    post_run(client)
    response = post_run(client, code="print('keep me')\n")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 10
    assert "Try again in" in response.content.decode()
    assert Submission.objects.count() == 2
    no_js = client.post(reverse("runs:create"), {"code": "print('keep me')\n", "language": "python"})
    assert no_js.status_code == 429 and "print(&#x27;keep me&#x27;)" in no_js.content.decode()


def test_oversized_code_is_a_400_with_the_limit(client, redis_url):
    response = post_run(client, code="x" * 70_000)
    assert response.status_code == 400
    assert "the limit is 64 KiB" in response.content.decode()


def test_without_javascript_the_run_redirects_to_a_refreshing_page(client, redis_url):
    response = client.post(reverse("runs:create"), {"code": "print(1)\n", "language": "python"})
    submission = Submission.objects.get()
    assert response.status_code == 302 and response["Location"] == submission.get_absolute_url()
    page = client.get(submission.get_absolute_url()).content.decode()
    assert '<meta http-equiv="refresh" content="1">' in page and "print(1)" in page


def test_another_visitor_cannot_see_my_run(client, redis_url, django_user_model):
    post_run(client)
    submission = Submission.objects.get()
    client.cookies.clear()
    assert client.get(submission.get_absolute_url()).status_code == 404


def test_a_draft_snippet_is_checked_only_for_staff(client, admin_client, redis_url, db):
    draft = SnippetFactory(slug="draft-under-review", is_draft=True, expected_output="the answer\n")
    data = {"snippet": draft.slug, "action": "check", "code": draft.starter_code, "language": draft.language}
    refused = post_run(client, **data)
    assert refused.status_code == 400  # as for a snippet that does not exist: nothing of it leaks
    assert "cannot be checked right now" in refused.content.decode() and "the answer" not in refused.content.decode()
    assert not Submission.objects.exists()
    assert post_run(admin_client, **data).status_code == 200  # staff preview their drafts
    assert Submission.objects.get().snippet == draft


def test_tricky_question_page_shows_the_prediction_box_and_editor(client, seeded_catalog):
    from quizapp.catalog.models import Question

    question = Question.objects.get(series="go", number=1028)
    SnippetFactory(slug="go-1028-test", question=question)
    body = client.get(question.get_absolute_url()).content.decode()
    assert "What does this program do?" in body
    assert 'class="code-editor mono"' in body and "append(s[:1], 4)" in body


@pytest.mark.usefixtures("one_rate_window")
@override_settings(RUNS_ANONYMOUS_IP_RATE_LIMIT=(3, 10))
def test_anonymous_runs_are_limited_per_address_across_sessions(client, redis_url):
    statuses = []
    for _ in range(4):
        client.cookies.clear()  # a fresh anonymous session for every run
        statuses.append(run_from(client, "203.0.113.9").status_code)
    assert statuses == [200, 200, 200, 429]
    client.cookies.clear()
    assert run_from(client, "198.51.100.4").status_code == 200


@pytest.mark.usefixtures("one_rate_window")
@override_settings(RUNS_RATE_LIMIT=(1, 10), RUNS_ANONYMOUS_IP_RATE_LIMIT=(3, 10))
def test_a_run_refused_by_the_visitors_limit_does_not_use_up_the_addresss_runs(client, redis_url):
    address = f"203.0.113.{uuid.uuid4().int % 200 + 20}"
    assert [run_from(client, address).status_code for _ in range(3)] == [200, 429, 429]
    statuses = []
    for _ in range(3):
        client.cookies.clear()
        statuses.append(run_from(client, address).status_code)
    assert statuses == [200, 200, 429]


@pytest.mark.usefixtures("one_rate_window")
@override_settings(RUNS_RATE_LIMIT=(2, 10), RUNS_MAX_QUEUED=1)
def test_runs_refused_while_the_queue_is_full_use_none_of_the_visitors_runs(client, redis_url):
    SubmissionFactory()  # fills the queue (a row without a message: no worker takes it)
    assert [post_run(client).status_code for _ in range(3)] == [429, 429, 429]
    statuses = []
    for _ in range(3):
        Submission.objects.filter(status=Submission.Status.QUEUED).update(status=Submission.Status.DONE)
        statuses.append(post_run(client).status_code)
    assert statuses == [200, 200, 429]  # the visitor's own 2 runs, then their limit


def run_from(client, address):
    data = {"code": "print(1)\n", "language": "python"}
    return client.post(reverse("runs:create"), data, REMOTE_ADDR=address, **HTMX)


def test_run_while_redis_is_down_is_a_503_that_keeps_the_code(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    response = post_run(client, code="print('kept')\n")
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    body = response.content.decode()
    assert "Runs are paused" in body and "your code is kept" in body
    assert not Submission.objects.exists()


@pytest.mark.parametrize("field", ["code", "snippet", "language", "token"])
def test_a_nul_byte_in_any_run_field_is_a_400_not_a_500(client, redis_url, field):
    data = {"code": "print(1)\n", "language": "python", field: "a\x00b"}
    response = client.post(reverse("runs:create"), data, **HTMX)
    assert response.status_code == 400
    assert not Submission.objects.exists()


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "plain"])
@pytest.mark.parametrize("language", ["../../etc/passwd", "", "cobol", "GO\x7f"])
def test_an_unknown_language_is_a_400_with_the_form_and_the_code_kept(client, redis_url, language, htmx):
    data = {"code": "print('kept')\n", "language": language}
    response = client.post(reverse("runs:create"), data, **(HTMX if htmx else {}))
    body = response.content.decode()
    assert response.status_code == 400
    assert "choose one from the list" in body or "Choose the language of your code" in body
    if not htmx:  # the whole form again (with htmx the editor on the page keeps it)
        assert 'id="run-form"' in body and "print(&#x27;kept&#x27;)" in body
    assert not Submission.objects.exists()


@pytest.fixture
def unsent(monkeypatch):
    """Runs stay queued, as behind a long queue, even while a session's worker runs."""
    monkeypatch.setattr("quizapp.runs.submissions.submission_enqueue", lambda submission_id: None)


def test_a_queued_run_shows_its_place_in_the_queue_and_the_expected_wait(client, redis_url, unsent):
    from datetime import timedelta

    from django.utils import timezone

    from quizapp.runs import waiting

    waiting._memo["at"] = 0.0  # no throughput remembered from another test
    now = timezone.now()
    for _ in range(3):  # queued before ours, by other learners
        SubmissionFactory(queued_at=now - timedelta(seconds=5))
    for seconds_ago in range(30):  # a run finished every 2 s over the last minute: 0.5 runs/s
        SubmissionFactory(status="done", verdict="OK", finished_at=now - timedelta(seconds=2 * seconds_ago))
    post_run(client)
    mine = Submission.objects.latest("id")
    body = client.get(mine.get_absolute_url(), **HTMX).content.decode()
    assert "3 runs ahead of it in the queue, about 8 s." in body
    assert 'hx-trigger="load delay:1000ms"' in body  # behind others, the page asks less often


def test_a_run_pending_longer_than_its_deadline_says_so_and_offers_to_run_it_again(client, redis_url, settings, unsent):
    from datetime import timedelta

    from django.utils import timezone

    post_run(client, code="print('late')\n")
    late = Submission.objects.get()
    long_ago = timezone.now() - timedelta(seconds=settings.RUNS_PAGE_DEADLINE_S + 5)
    Submission.objects.update(created_at=long_ago, queued_at=long_ago)
    body = client.get(late.get_absolute_url(), **HTMX).content.decode()
    assert "This run is late" in body and f"sent {settings.RUNS_PAGE_DEADLINE_S + 5} s ago" in body
    assert "It is next in line for a sandbox" in body
    retry = body.split('class="retry-form"', 1)[1]
    assert "print(&#x27;late&#x27;)" in retry and 'name="fresh" value="1"' in retry
    assert client.post(reverse("runs:create"), {"code": "print('late')\n", "language": "python", "fresh": "1"},
                       **HTMX).status_code == 200
    assert Submission.objects.count() == 2


@pytest.mark.usefixtures("one_rate_window")
@override_settings(RUNS_RATE_LIMIT=(1, 10))
def test_a_refusal_is_a_designed_message_with_why_and_when(client, redis_url):
    post_run(client)
    response = post_run(client)
    body = response.content.decode()
    assert response.status_code == 429
    assert 'class="run-refusal" role="alert"' in body and "Too many at once" in body
    assert "You have started 1 runs in the last 10 s." in body
    assert f"Try again in <strong>{response['Retry-After']} s</strong>; your code is kept." in body


def test_a_snippets_run_page_has_no_language_switch_and_a_shared_copy_is_editable(client, django_user_model):
    user = django_user_model.objects.create_user("runner", password="pw-12345678")
    client.force_login(user)
    snippet = SnippetFactory(slug="go-fixed")
    run = SubmissionFactory(user=user, snippet=snippet, language="go", code="package main\n",
                            status=Submission.Status.DONE, share_id="d" * 22)
    page = client.get(reverse("runs:detail", args=[run.pk])).content.decode()
    assert "data-editor-language" not in page and 'name="language" value="go"' in page
    copy = client.get(reverse("runs:shared_copy", args=[run.share_id])).content.decode()
    assert "Your copy of a shared program" in copy and "package main" in copy and "readonly" not in copy
    shared = client.get(reverse("runs:shared", args=[run.share_id])).content.decode()
    assert reverse("runs:shared_copy", args=[run.share_id]) in shared and "Edit a copy" in shared
