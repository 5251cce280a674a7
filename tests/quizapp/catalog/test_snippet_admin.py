import pytest
from django.urls import reverse

from quizapp.catalog import admin as catalog_admin
from quizapp.catalog.models import Snippet
from quizapp.catalog.verification_services import SnippetCheck
from tests.support.processes import wait_until

pytestmark = pytest.mark.django_db


def test_snippet_change_page_has_monospace_code_fields(admin_client, seeded_catalog):
    snippet = Snippet.objects.get(slug="go-1028")
    page = admin_client.get(reverse("admin:catalog_snippet_change", args=[snippet.pk])).content.decode()
    assert page.count('class="code-textarea') == 7  # and the expected output on Go 1.21
    assert page.count('class="code-textarea code-editor"') == 4 and 'data-editor-mode="go"' in page
    assert "vendor/codemirror/editor.min.js" in page
    assert "catalog/code-textarea.js" in page and "catalog/code-textarea.css" in page
    assert "append(s[:1], 4)" in page


def test_admin_edit_marks_snippet_edited_and_renders_markdown(admin_client, seeded_catalog):
    snippet = Snippet.objects.get(slug="go-1030")
    url = reverse("admin:catalog_snippet_change", args=[snippet.pk])
    data = {field: getattr(snippet, field) for field in (
        "slug", "kind", "language", "title", "prompt", "starter_code", "solution_code", "harness", "stdin",
        "expected_output", "checker", "checker_arg", "document_code")}
    data.update(question=snippet.question_id, explanation="Edited *why*.", checker="exact")
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    draft = Snippet.objects.get(draft_of=snippet)
    assert response["Location"] == reverse("admin:catalog_snippet_change", args=[draft.pk])
    assert draft.edited_in_admin and draft.is_draft and draft.checker == "exact"
    assert "<em>why</em>" in draft.explanation_html
    live = Snippet.objects.get(pk=snippet.pk)
    assert not live.is_draft and live.explanation_html == snippet.explanation_html, "learners keep the live version"


def test_verify_action_shows_each_result_and_the_diff(admin_client, seeded_catalog, monkeypatch):
    def fake_verify(*, snippets):
        return [SnippetCheck(slug=s.slug, failures=["program: got WRONG_ANSWER"] if s.slug == "go-1028" else [],
                             diff="-[1 4 3]\n+[1 2 3]") for s in snippets]

    monkeypatch.setattr(catalog_admin, "snippets_verify", fake_verify)
    ids = Snippet.objects.filter(slug__in=["go-1028", "go-1029"]).values_list("pk", flat=True)
    response = admin_client.post(reverse("admin:catalog_snippet_changelist"),
                                 {"action": "verify_selected", "_selected_action": list(ids)}, follow=True)
    body = response.content.decode().replace("Go-10", "go-10")  # the admin capitalises messages
    assert "go-1029: agrees with its expected outcome" in body
    assert "go-1028: program: got WRONG_ANSWER" in body
    assert '<pre class="verify-diff">-[1 4 3]\n+[1 2 3]</pre>' in body


def _save_in_admin(admin_client, snippet, **changes):
    data = {field: getattr(snippet, field) for field in (
        "slug", "kind", "language", "title", "prompt", "starter_code", "solution_code", "harness", "stdin",
        "expected_output", "checker", "checker_arg", "document_code")}
    data.update(question=snippet.question_id, **changes)
    response = admin_client.post(reverse("admin:catalog_snippet_change", args=[snippet.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    saved_pk = int(response["Location"].rstrip("/").split("/")[-2])  # the edit's page: the live one's draft
    return Snippet.objects.get(pk=saved_pk)


def _wait_for_verification(snippet, seconds=90):
    def verified():
        try:
            snippet.refresh_from_db()
        except Snippet.DoesNotExist:
            return True  # a staff edit that passed was promoted into its live snippet
        return not snippet.verification.startswith("pending")

    wait_until(verified, seconds, f"snippet {snippet.pk} verified", interval=0.2)
    return snippet


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_failing_edit_keeps_the_verified_version_live_for_learners(
    admin_client, seeded_catalog, celery_worker_process, client
):
    from quizapp.catalog.selectors import snippet_for_question

    live = Snippet.objects.get(slug="go-1028")
    wrong = _save_in_admin(admin_client, live, expected_output="[1 2 3]\n")
    assert wrong.pk != live.pk and wrong.draft_of == live
    assert wrong.is_draft and wrong.verification.startswith("pending")
    assert snippet_for_question(question=live.question) == live  # learners keep the verified version meanwhile
    page = admin_client.get(reverse("admin:catalog_snippet_change", args=[wrong.pk])).content.decode()
    status_url = reverse("admin:catalog_snippet_verification", args=[wrong.pk])
    # The status line asks again while the check is pending; the form around it is never reloaded.
    assert 'http-equiv="refresh"' not in page and "A draft of" in page and f'hx-get="{status_url}"' in page
    wrong = _wait_for_verification(wrong)
    status = admin_client.get(status_url).content.decode()
    assert "This snippet: failed" in status and "hx-get" not in status  # done: it stops asking
    assert wrong.is_draft and wrong.verification.startswith("failed"), wrong.verification
    learner_page = client.get(live.question.get_absolute_url()).content.decode()
    assert "append(s[:1], 4)" in learner_page and "[1 2 3]" not in learner_page  # the code is still there
    assert snippet_for_question(question=live.question) == live
    live_page = admin_client.get(reverse("admin:catalog_snippet_change", args=[live.pk])).content.decode()
    assert "learners see this verified version meanwhile" in live_page and "failed" in live_page
    preview = admin_client.get(live.question.get_absolute_url() + f"?preview={wrong.slug}").content.decode()
    assert 'id="preview-banner"' in preview

    fixed = _wait_for_verification(
        _save_in_admin(admin_client, wrong, expected_output="[1 4 3]\n", explanation="Fixed.")
    )
    assert fixed.pk == wrong.pk
    assert not Snippet.objects.filter(pk=wrong.pk).exists()  # promoted into the live snippet
    promoted = Snippet.objects.get(pk=live.pk)
    assert not promoted.is_draft and promoted.verification == "passed" and promoted.explanation == "Fixed."
    assert snippet_for_question(question=live.question) == promoted


@pytest.mark.parametrize(
    "changes, words",
    [
        ({"language": "../../etc/passwd"}, "Select a valid choice"),
        ({"checker": "no-such-checker"}, "Select a valid choice"),
        ({"language": "python", "on_go1_21_output": "1\n"}, "unknown python toolchain &#x27;go1.21&#x27;"),
        ({"on_go1_21_checker": "nope"}, "Select a valid choice"),
    ],
)
def test_an_unknown_language_checker_or_toolchain_in_the_snippet_form_is_shown_not_a_500(
    admin_client,
    seeded_catalog,
    changes,
    words,
):
    snippet = Snippet.objects.get(slug="go-1030")
    data = {
        field: getattr(snippet, field)
        for field in (
            "slug",
            "kind",
            "language",
            "title",
            "prompt",
            "starter_code",
            "solution_code",
            "harness",
            "stdin",
            "expected_output",
            "checker",
            "checker_arg",
            "document_code",
        )
    }
    data.update({"question": snippet.question_id, "expectations": "{}", "hints": "[]", **changes})
    response = admin_client.post(reverse("admin:catalog_snippet_change", args=[snippet.pk]), data)
    assert response.status_code == 200 and words in response.content.decode()
    snippet.refresh_from_db()
    assert not snippet.edited_in_admin


def test_the_outcome_on_another_toolchain_is_form_fields_not_json(admin_client, seeded_catalog):
    snippet = Snippet.objects.get(slug="go-1030")
    snippet.expectations = {"go1.21": {"expected_output": "old\n", "checker_kind": "exact", "checker_arg": ""}}
    snippet.save()
    page = admin_client.get(reverse("admin:catalog_snippet_change", args=[snippet.pk])).content.decode()
    assert 'name="on_go1_21_output"' in page and "old\n</textarea>" in page and 'name="expectations"' not in page
    draft = _save_in_admin(admin_client, snippet, on_go1_21_output="new\n", on_go1_21_checker="trailing_ws")
    assert draft.expectations == {
        "go1.21": {"expected_output": "new\n", "checker_kind": "trailing_ws", "checker_arg": ""}
    }
    cleared = _save_in_admin(admin_client, draft, on_go1_21_output="", on_go1_21_checker="")
    assert cleared.expectations == {}


def test_topic_and_difficulty_are_choices_and_the_list_says_who_sees_a_snippet(admin_client, seeded_catalog):
    snippet = Snippet.objects.get(slug="go-1028")
    page = admin_client.get(reverse("admin:catalog_snippet_change", args=[snippet.pk])).content.decode()
    assert '<select name="topic"' in page and '<option value="maps"' in page and '<optgroup label="Python">' in page
    assert '<select name="difficulty"' in page and ">Hard</option>" in page
    Snippet.objects.filter(slug="go-1029").update(is_draft=True, verification="failed: program: got WRONG_ANSWER")
    listing = admin_client.get(reverse("admin:catalog_snippet_changelist"), {"q": "go-102"}).content.decode()
    assert "hidden: verification failed" in listing and ">live<" in listing


@pytest.mark.django_db
def test_the_verification_status_line_is_for_staff_only(client, admin_client, seeded_catalog):
    snippet = Snippet.objects.get(slug="go-1028")
    url = reverse("admin:catalog_snippet_verification", args=[snippet.pk])
    assert client.get(url).status_code == 302  # to the admin's login
    assert admin_client.get(url).status_code == 200
    assert admin_client.get(reverse("admin:catalog_snippet_verification", args=[10**9])).status_code == 404
