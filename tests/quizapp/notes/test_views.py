import re

import pytest
from django.urls import reverse

from quizapp.notes.models import QuestionNote

pytestmark = pytest.mark.django_db


HTMX = {"HTTP_HX_REQUEST": "true"}


def body(response) -> str:
    return response.content.decode()


def field_errors(response, field: str) -> str:
    """The error list rendered right after the field's input."""
    match = re.search(rf'<ul class="field-errors" id="id_{field}_errors"[^>]*>(.*?)</ul>', body(response), re.S)
    return match.group(1) if match else ""


def test_note_too_long_keeps_the_text_and_says_why(user_client, questions):
    text = "x" * 10_001
    response = user_client.post(reverse("notes:save", args=[questions[0].pk]), {"text": text}, **HTMX)
    assert "at most 10000 characters" in field_errors(response, "text")
    assert text in body(response)
    assert not QuestionNote.objects.exists()


def test_note_and_bookmark_show_on_the_question_page(user_client, questions):
    user_client.post(reverse("notes:save", args=[questions[0].pk]), {"text": "ask about <b>bulkheads</b>"})
    user_client.post(reverse("notes:bookmark", args=[questions[0].pk]), {"bookmarked": "1"})
    page = body(user_client.get(questions[0].get_absolute_url()))
    assert "ask about &lt;b&gt;bulkheads&lt;/b&gt;" in page and "★ Bookmarked" in page


def test_the_notes_page_and_the_part_list_mark_bookmarks(user_client, user, questions):
    from quizapp.notes.services import bookmark_set

    bookmark_set(user=user, question=questions[0], bookmarked=True)
    page = user_client.get(reverse("notes:mine"), {"kind": "bookmarked"}).content.decode()
    assert questions[0].get_absolute_url() in page
    part_page = user_client.get(questions[0].part.get_absolute_url()).content.decode()
    assert part_page.count('class="marker bookmarked"') == 1
    assert reverse("notes:mine") in user_client.get(reverse("learning:dashboard")).content.decode()


def test_the_notes_page_is_for_members(client, db):
    assert client.get(reverse("notes:mine")).status_code == 302
