"""Writes for exercises: the member's draft, and asking for the solution."""

from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import ValidationError
from django.dispatch import receiver
from django.db import IntegrityError, transaction

from quizapp.catalog.models import Snippet

from .models import DRAFT_MAX_LENGTH, ExerciseDraft, SolutionReveal

VISITOR_KEY = "solution_reveals_session"


def draft_save(*, user, exercise: Snippet, code: str) -> ExerciseDraft:
    if len(code) > DRAFT_MAX_LENGTH:
        raise ValidationError({"code": f"The draft is over {DRAFT_MAX_LENGTH:,} characters; it was not saved."})
    draft, _ = ExerciseDraft.objects.update_or_create(
        user=user, snippet=exercise, defaults={"code": code.replace("\r\n", "\n")}
    )
    return draft


def solution_reveal(*, user, session_key: str, exercise: Snippet) -> SolutionReveal:
    """Records (once) that the learner saw the solution; a pass after it counts as solved with help."""
    owner = {"user": user} if user.is_authenticated else {"user": None, "session_key": session_key}
    if not user.is_authenticated and not session_key:
        raise ValidationError("Your browser sent no session cookie; allow cookies for this site and try again.")
    existing = SolutionReveal.objects.filter(snippet=exercise, **owner).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return SolutionReveal.objects.create(snippet=exercise, **owner)
    except IntegrityError:  # a double click: the other request recorded it
        return SolutionReveal.objects.get(snippet=exercise, **owner)


def solution_reveals_claim(*, session_key: str, user) -> int:
    """A visitor who signs up keeps the solutions they asked for (so their passes stay "with help")."""
    if not session_key:
        return 0
    mine = set(SolutionReveal.objects.filter(user=user).values_list("snippet_id", flat=True))
    theirs = SolutionReveal.objects.filter(session_key=session_key, user__isnull=True)
    theirs.filter(snippet_id__in=mine).delete()
    return theirs.update(user=user)


@receiver(user_logged_in, dispatch_uid="exercises.solution_reveals_claim")
def _claim_on_log_in(sender, request, user, **kwargs):
    # Logging in gives the session a new key; the visitor's key was kept under VISITOR_KEY beforehand.
    if request is not None and hasattr(request, "session"):
        solution_reveals_claim(session_key=request.session.pop(VISITOR_KEY, ""), user=user)
