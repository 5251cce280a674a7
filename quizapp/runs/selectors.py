"""Reads for the run pipeline. A viewer is a signed-in user, or an anonymous session."""

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from quizapp.catalog.models import Snippet

from .models import Submission


def owned_by(*, user, session_key: str, via: str = "") -> Q:
    if user is not None and user.is_authenticated:
        return Q(**{f"{via}user": user})
    return Q(**{f"{via}user__isnull": True, f"{via}session_key": session_key or "-"})


def submission_get_for_viewer(*, submission_id: int, user, session_key: str) -> Submission:
    owned = Submission.objects.filter(owned_by(user=user, session_key=session_key))
    return get_object_or_404(owned.select_related("snippet"), pk=submission_id)


def submission_batch_for_viewer(*, batch, user, session_key: str) -> list[Submission]:
    """One program's runs on each toolchain, oldest toolchain first (the order they were created)."""
    runs = list(Submission.objects.filter(owned_by(user=user, session_key=session_key), batch=batch)
                .select_related("snippet").order_by("id"))
    if not runs:
        raise Http404("No such comparison.")
    return runs


def submission_get_shared(*, share_id: str) -> Submission:
    return get_object_or_404(Submission.objects.select_related("snippet__question"), share_id=share_id)


def submission_attempts(*, snippet: Snippet, user, session_key: str, limit: int = 20) -> QuerySet[Submission]:
    owned = Submission.objects.filter(owned_by(user=user, session_key=session_key), snippet=snippet, checked=True)
    return owned.defer("code", "stdout", "stderr", "compile_output", "diff")[:limit]


def snippet_get(*, slug: str) -> Snippet:
    return get_object_or_404(Snippet, slug=slug)


def submissions_recent_for_user(*, user, limit: int) -> QuerySet[Submission]:
    return Submission.objects.filter(user=user).select_related("snippet").order_by("-created_at", "-id")[:limit]
