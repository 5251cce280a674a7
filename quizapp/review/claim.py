"""A visitor's graded predictions wait in their session; signing up (or in) turns them into reviews."""

from datetime import datetime

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from quizapp.catalog.models import Snippet
from quizapp.catalog.predictions import PredictionGrade

from .models import Rating, ReviewLog
from .services import review_record

SESSION_KEY = "visitor_predictions"
KEPT = 200  # the newest; a visitor's session is not a store of everything


def visitor_prediction_keep(
    *, session, snippet: Snippet, grade: PredictionGrade, idempotency_key: str, now: datetime
) -> None:
    if snippet.question_id is None:
        return
    kept = [entry for entry in session.get(SESSION_KEY, []) if entry["key"] != idempotency_key]
    kept.append({"snippet": snippet.pk, "correct": grade.correct, "at": now.isoformat(), "key": idempotency_key})
    session[SESSION_KEY] = kept[-KEPT:]


def visitor_predictions_claim(*, session, user) -> int:
    """Records each kept prediction as the review it would have been (right Good, wrong Again), once per key."""
    kept = session.pop(SESSION_KEY, [])
    snippets = Snippet.objects.select_related("question").in_bulk([entry["snippet"] for entry in kept])
    recorded = 0
    for entry in kept:
        snippet = snippets.get(entry["snippet"])
        if snippet is None or snippet.question is None:
            continue
        result = review_record(
            user=user,
            question=snippet.question,
            rating=Rating.GOOD if entry["correct"] else Rating.AGAIN,
            idempotency_key=entry["key"],
            source=ReviewLog.Source.PREDICTION,
            now=datetime.fromisoformat(entry["at"]),
        )
        recorded += result.created
    return recorded


@receiver(user_logged_in, dispatch_uid="review.visitor_predictions_claim")
def _claim_on_log_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        visitor_predictions_claim(session=request.session, user=user)
