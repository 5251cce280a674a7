"""Reads for exercise pages: the exercises, with the viewer's attempts."""

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from quizapp.catalog.models import Snippet
from quizapp.runs.selectors import owned_by


def exercise_list(*, user, session_key: str) -> QuerySet[Snippet]:
    attempts = Q(submissions__checked=True) & owned_by(user=user, session_key=session_key, via="submissions__")
    return Snippet.objects.filter(kind=Snippet.Kind.EXERCISE).annotate(
        attempt_count=Count("submissions", filter=attempts),
        solved_count=Count("submissions", filter=attempts & Q(submissions__verdict="ACCEPTED")),
    ).order_by("language", "slug")


def exercise_get(*, slug: str) -> Snippet:
    return get_object_or_404(Snippet, kind=Snippet.Kind.EXERCISE, slug=slug)
