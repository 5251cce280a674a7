"""Reads for exercise pages: the exercises, with the viewer's attempts and draft."""

from dataclasses import dataclass

from datetime import datetime

from django.db.models import Count, F, Min, Q, QuerySet
from django.shortcuts import get_object_or_404

from quizapp.catalog.models import Snippet
from quizapp.catalog.predictions import expected_outcome
from quizapp.outcomes import Verdict
from quizapp.runs.selectors import owned_by
from sandbox.checkers import CHECKERS

from .models import ExerciseDraft, SolutionReveal


def exercise_list(*, user, session_key: str) -> QuerySet[Snippet]:
    """Easiest first within each language (unrated ones last), with the viewer's attempts."""
    attempts = Q(submissions__checked=True) & owned_by(user=user, session_key=session_key, via="submissions__")
    return Snippet.objects.filter(kind=Snippet.Kind.EXERCISE, is_draft=False).select_related("question").annotate(
        attempt_count=Count("submissions", filter=attempts),
        solved_count=Count("submissions", filter=attempts & Q(submissions__verdict=Verdict.ACCEPTED)),
        first_pass=Min("submissions__created_at", filter=attempts & Q(submissions__verdict=Verdict.ACCEPTED)),
    ).order_by("language", F("difficulty").asc(nulls_last=True), "title", "slug")


def exercise_reveals(*, user, session_key: str) -> dict[int, datetime]:
    """When the viewer asked for each exercise's solution, by snippet id."""
    owned = owned_by(user=user, session_key=session_key)
    return dict(SolutionReveal.objects.filter(owned).values_list("snippet_id", "created_at"))


def exercise_status(*, first_pass: datetime | None, revealed_at: datetime | None, attempted: bool) -> str:
    """In words: solved, solved with help (passed after seeing the solution), solution seen, tried or new."""
    if first_pass is not None:
        return "solved with help" if revealed_at is not None and revealed_at <= first_pass else "solved"
    if revealed_at is not None:
        return "solution seen"
    return "tried" if attempted else "new"


def exercise_list_with_status(*, user, session_key: str) -> list[Snippet]:
    """`exercise_list`, each exercise with `status` (see exercise_status)."""
    exercises = list(exercise_list(user=user, session_key=session_key))
    reveals = exercise_reveals(user=user, session_key=session_key)
    for exercise in exercises:
        exercise.status = exercise_status(first_pass=exercise.first_pass, revealed_at=reveals.get(exercise.pk),
                                          attempted=bool(exercise.attempt_count))
    return exercises


@dataclass(frozen=True)
class ExerciseProgress:
    language: str
    solved: int
    total: int
    with_help: int = 0
    tried: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.solved / self.total) if self.total else 0


def exercise_progress(exercises) -> list[ExerciseProgress]:
    """Solved (with help among them) and tried out of all, per language, from `exercise_list_with_status`."""
    by_language: dict[str, list[int]] = {}
    for exercise in exercises:
        counts = by_language.setdefault(exercise.language, [0, 0, 0, 0])
        status = getattr(exercise, "status", "solved" if exercise.solved_count else "new")
        counts[0] += status in ("solved", "solved with help")
        counts[1] += 1
        counts[2] += status == "solved with help"
        counts[3] += status in ("tried", "solution seen")
    return [ExerciseProgress(language, solved, total, with_help, tried)
            for language, (solved, total, with_help, tried) in by_language.items()]


def exercise_next(*, exercise: Snippet, exercises: list[Snippet]) -> Snippet | None:
    """The first exercise after this one in the list's order that the viewer has not solved, else None."""
    index = next((i for i, other in enumerate(exercises) if other.pk == exercise.pk), -1)
    after = exercises[index + 1:] + exercises[:max(index, 0)]
    return next((other for other in after if not other.solved_count), None)


@dataclass(frozen=True)
class Judging:
    """How an exercise is judged, shown before any attempt: the input, the test code, the expected outcome."""

    stdin: str
    harness: str
    expected: str
    checker: str


def exercise_judging(*, exercise: Snippet) -> Judging:
    checker = CHECKERS.get(exercise.checker)
    return Judging(stdin=exercise.stdin, harness=exercise.harness, expected=expected_outcome(exercise),
                   checker=checker.title if checker else exercise.checker)


def exercise_get(*, slug: str) -> Snippet:
    return get_object_or_404(
        Snippet.objects.select_related("question"), kind=Snippet.Kind.EXERCISE, is_draft=False, slug=slug
    )


def draftable_snippet_get(*, slug: str) -> Snippet:
    """An exercise or a question's program: a member keeps a draft of either."""
    return get_object_or_404(Snippet, is_draft=False, slug=slug)


def exercise_draft_code(*, user, exercise: Snippet) -> str | None:
    if not user.is_authenticated:
        return None
    return ExerciseDraft.objects.filter(user=user, snippet=exercise).values_list("code", flat=True).first()


def exercise_solved(*, attempts) -> bool:
    return any(attempt.verdict == Verdict.ACCEPTED for attempt in attempts)
