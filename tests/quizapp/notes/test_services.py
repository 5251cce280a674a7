
import pytest
from django.core.exceptions import ValidationError

from quizapp.notes.models import QuestionNote
from quizapp.notes.services import bookmark_set, note_save

pytestmark = pytest.mark.django_db


def test_bookmark_set_is_idempotent(user, questions):
    bookmark_set(user=user, question=questions[0], bookmarked=True)
    bookmark_set(user=user, question=questions[0], bookmarked=True)
    assert QuestionNote.objects.get().bookmarked is True
    bookmark_set(user=user, question=questions[0], bookmarked=False)
    assert QuestionNote.objects.get().bookmarked is False


def test_note_save_keeps_the_bookmark_and_rejects_huge_notes(user, questions):
    bookmark_set(user=user, question=questions[0], bookmarked=True)
    note = note_save(user=user, question=questions[0], text="mutex vs channel\r\nsee 961")
    assert note.text == "mutex vs channel\nsee 961" and note.bookmarked
    with pytest.raises(ValidationError):
        note_save(user=user, question=questions[0], text="x" * 10_001)
    assert QuestionNote.objects.get().text == "mutex vs channel\nsee 961"
