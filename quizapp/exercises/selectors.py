"""Reads for exercise pages: the exercises, with the viewer's attempts and draft."""

from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet
from django.shortcuts import get_object_or_404

from quizapp.catalog.models import Snippet
from quizapp.outcomes import Verdict
from quizapp.runs.selectors import owned_by

from .models import ExerciseDraft


def exercise_list(*, user, session_key: str) -> QuerySet[Snippet]:
    """Easiest first within each language (unrated ones last), with the viewer's attempts."""
    attempts = Q(submissions__checked=True) & owned_by(user=user, session_key=session_key, via="submissions__")
    return Snippet.objects.filter(kind=Snippet.Kind.EXERCISE, is_draft=False).select_related("question").annotate(
        attempt_count=Count("submissions", filter=attempts),
        solved_count=Count("submissions", filter=attempts & Q(submissions__verdict=Verdict.ACCEPTED)),
    ).order_by("language", F("difficulty").asc(nulls_last=True), "title", "slug")


@dataclass(frozen=True)
class ExerciseProgress:
    language: str
    solved: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.solved / self.total) if self.total else 0


def exercise_progress(exercises) -> list[ExerciseProgress]:
    """Solved out of all, per language, from an annotated `exercise_list`."""
    by_language: dict[str, list[int]] = {}
    for exercise in exercises:
        counts = by_language.setdefault(exercise.language, [0, 0])
        counts[0] += 1 if exercise.solved_count else 0
        counts[1] += 1
    return [ExerciseProgress(language=language, solved=solved, total=total) for language, (solved, total) in by_language.items()]


def exercise_get(*, slug: str) -> Snippet:
    return get_object_or_404(Snippet.objects.select_related("question"), kind=Snippet.Kind.EXERCISE, is_draft=False, slug=slug)


def draftable_snippet_get(*, slug: str) -> Snippet:
    """An exercise or a question's program: a member keeps a draft of either."""
    return get_object_or_404(Snippet, is_draft=False, slug=slug)


def exercise_draft_code(*, user, exercise: Snippet) -> str | None:
    if not user.is_authenticated:
        return None
    return ExerciseDraft.objects.filter(user=user, snippet=exercise).values_list("code", flat=True).first()


def exercise_solved(*, attempts) -> bool:
    return any(attempt.verdict == Verdict.ACCEPTED for attempt in attempts)
