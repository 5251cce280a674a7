import pytest
from django.urls import reverse

from quizapp.catalog.models import Question

pytestmark = pytest.mark.django_db


def test_admin_lists_and_filters_questions(admin_client, seeded_catalog):
    response = admin_client.get(reverse("admin:catalog_question_changelist"), {"is_tricky__exact": "1"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "1028" in body and "961" not in body


def test_admin_search_by_text(admin_client, seeded_catalog):
    body = admin_client.get(reverse("admin:catalog_question_changelist"), {"q": "singleflight"}).content.decode()
    assert "1035" in body


def test_admin_edit_shows_preview_and_marks_edited(admin_client, seeded_catalog):
    question = Question.objects.get(number=961)
    url = reverse("admin:catalog_question_change", args=[question.pk])
    page = admin_client.get(url).content.decode()
    assert "Rendered preview" in page and "Bulkhead" in page

    response = admin_client.post(url, {
        "part": question.part_id, "series": "go", "number": 961, "title": question.title,
        "is_tricky": "", "answer": "New answer with `code`.", "indepth": question.indepth,
        "edited_in_admin": "on",
    })
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.edited_in_admin
    assert '<code class="highlight">' in question.answer_html
