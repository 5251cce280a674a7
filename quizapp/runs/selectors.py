"""Reads for the run pipeline. A viewer is a signed-in user, or an anonymous session."""

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from quizapp.catalog.models import Snippet
from quizapp.outcomes import RunSummary, Verdict, describe_run, judged

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


def snippet_get(*, slug: str, user) -> Snippet:
    """The snippet a run is checked against. A draft (a staff save the sandbox has not yet agreed
    with) only for staff, who preview it: a learner checking against it would read its expected
    output in the diff before anyone verified it."""
    snippets = Snippet.objects.all()
    if user is None or not user.is_staff:
        snippets = snippets.filter(is_draft=False)
    return get_object_or_404(snippets, slug=slug)


def submissions_recent_for_user(*, user, limit: int) -> QuerySet[Submission]:
    return Submission.objects.filter(user=user).select_related("snippet").order_by("-created_at", "-id")[:limit]


def run_summary(*, submission: Submission) -> RunSummary:
    """A finished run in plain words (quizapp.outcomes), judged when it was checked against its snippet."""
    summary = describe_run(submission)
    if not submission.checked or submission.snippet is None or submission.verdict in (Verdict.INTERNAL_ERROR, ""):
        return summary
    return judged(summary, exercise=submission.snippet.kind == Snippet.Kind.EXERCISE,
                  passed=submission.verdict == Verdict.ACCEPTED)
