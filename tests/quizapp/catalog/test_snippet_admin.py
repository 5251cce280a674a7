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
    assert page.count('class="code-textarea"') == 6
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
    snippet.refresh_from_db()
    assert snippet.edited_in_admin and snippet.checker == "exact"
    assert "<em>why</em>" in snippet.explanation_html


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
    snippet.refresh_from_db()
    return snippet


def _wait_for_verification(snippet, seconds=90):
    def verified():
        snippet.refresh_from_db()
        return not snippet.verification.startswith("pending")

    wait_until(verified, seconds, f"snippet {snippet.pk} verified", interval=0.2)
    return snippet


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_staff_save_is_a_draft_until_the_sandbox_agrees(admin_client, seeded_catalog, celery_worker_process, client):
    from quizapp.catalog.selectors import snippet_for_question

    snippet = Snippet.objects.get(slug="go-1028")
    wrong = _save_in_admin(admin_client, snippet, expected_output="[1 2 3]\n")
    assert wrong.is_draft and wrong.verification.startswith("pending")
    assert snippet_for_question(question=wrong.question) is None  # learners do not see it meanwhile
    page = admin_client.get(reverse("admin:catalog_snippet_change", args=[snippet.pk])).content.decode()
    assert 'http-equiv="refresh"' in page and "Preview as a learner" in page
    wrong = _wait_for_verification(wrong)
    assert wrong.is_draft and wrong.verification.startswith("failed"), wrong.verification
    assert "[1 2 3]" not in client.get(wrong.question.get_absolute_url()).content.decode()
    preview = admin_client.get(wrong.question.get_absolute_url() + f"?preview={wrong.slug}").content.decode()
    assert 'id="preview-banner"' in preview and "a draft learners do not see yet" in preview

    right = _wait_for_verification(_save_in_admin(admin_client, wrong, expected_output="[1 4 3]\n"))
    assert not right.is_draft and right.verification == "passed"
    assert snippet_for_question(question=right.question) == right


@pytest.mark.parametrize("changes, words", [
    ({"language": "../../etc/passwd"}, "Select a valid choice"),
    ({"checker": "no-such-checker"}, "Select a valid choice"),
    ({"expectations": '{"go9.99": {"expected_output": "1\\n"}}'}, "unknown go toolchain &#x27;go9.99&#x27;"),
    ({"expectations": '{"go1.21": {"checker_kind": "nope"}}'}, "checker_kind is one of"),
    ({"expectations": '["go1.21"]'}, "write an object"),
])
def test_an_unknown_language_checker_or_toolchain_in_the_snippet_form_is_shown_not_a_500(
    admin_client, seeded_catalog, changes, words,
):
    snippet = Snippet.objects.get(slug="go-1030")
    data = {field: getattr(snippet, field) for field in (
        "slug", "kind", "language", "title", "prompt", "starter_code", "solution_code", "harness", "stdin",
        "expected_output", "checker", "checker_arg", "document_code")}
    data.update({"question": snippet.question_id, "expectations": "{}", "hints": "[]", **changes})
    response = admin_client.post(reverse("admin:catalog_snippet_change", args=[snippet.pk]), data)
    assert response.status_code == 200 and words in response.content.decode()
    snippet.refresh_from_db()
    assert not snippet.edited_in_admin
