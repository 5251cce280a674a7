"""Reads for a learner's private notes and bookmarks."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from quizapp.catalog.models import Question

from .models import QuestionNote


def note_for_user(*, user, question: Question) -> QuestionNote | None:
    if not user.is_authenticated:
        return None
    return QuestionNote.objects.filter(user=user, question=question).first()


def bookmarked_questions(*, user) -> QuerySet[Question]:
    return Question.objects.filter(learning_notes__user=user, learning_notes__bookmarked=True)


MINE_KINDS = [("", "Bookmarks and notes"), ("bookmarked", "Bookmarked"), ("noted", "With a note")]


def notes_for_user(*, user, query: str = "", kind: str = "") -> QuerySet[QuestionNote]:
    """The learner's bookmarks and notes, newest first; every word of `query` must be in the note or the title."""
    notes = QuestionNote.objects.filter(user=user).filter(Q(bookmarked=True) | ~Q(text=""))
    if kind == "bookmarked":
        notes = notes.filter(bookmarked=True)
    elif kind == "noted":
        notes = notes.exclude(text="")
    for word in query.split()[:8]:
        notes = notes.filter(Q(text__icontains=word) | Q(question__title__icontains=word))
    return notes.select_related("question__part").order_by("-updated_at", "-id")


@dataclass(frozen=True)
class QuestionMarks:
    bookmarked: frozenset[int]
    noted: frozenset[int]


def question_marks(*, user) -> QuestionMarks:
    """Which questions the learner bookmarked or wrote a note on, to mark them in lists."""
    if not user.is_authenticated:
        return QuestionMarks(bookmarked=frozenset(), noted=frozenset())
    rows = list(QuestionNote.objects.filter(user=user).values_list("question_id", "bookmarked", "text"))
    return QuestionMarks(
        bookmarked=frozenset(pk for pk, bookmarked, _ in rows if bookmarked),
        noted=frozenset(pk for pk, _, text in rows if text),
    )
