"""Reads for a learner's private notes and bookmarks."""

from django.db.models import QuerySet

from quizapp.catalog.models import Question

from .models import QuestionNote


def note_for_user(*, user, question: Question) -> QuestionNote | None:
    if not user.is_authenticated:
        return None
    return QuestionNote.objects.filter(user=user, question=question).first()


def bookmarked_questions(*, user) -> QuerySet[Question]:
    return Question.objects.filter(learning_notes__user=user, learning_notes__bookmarked=True)
