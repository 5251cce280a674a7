"""Writes for a learner's private notes and bookmarks."""

from quizapp.catalog.models import Question

from .models import QuestionNote


def note_save(*, user, question: Question, text: str) -> QuestionNote:
    note = QuestionNote.objects.filter(user=user, question=question).first() or QuestionNote(
        user=user, question=question
    )
    note.text = text.replace("\r\n", "\n")
    note.full_clean()
    note.save()
    return note


def bookmark_set(*, user, question: Question, bookmarked: bool) -> QuestionNote:
    """Sets rather than toggles, so a double-click lands in the same state."""
    note, _ = QuestionNote.objects.update_or_create(user=user, question=question, defaults={"bookmarked": bookmarked})
    return note
