import pytest
from django.urls import reverse

from quizapp.catalog import admin as catalog_admin
from quizapp.catalog.models import Snippet
from quizapp.catalog.verification_services import SnippetCheck

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
