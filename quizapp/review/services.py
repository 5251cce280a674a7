"""Writes for spaced review: a rating schedules the learner's FSRS card."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from quizapp.accounts.selectors import profile_for_user
from quizapp.catalog.models import Question, Snippet
from quizapp.catalog.predictions import PredictionGrade, prediction_grade
from quizapp.catalog.selectors import snippet_for_question

from .models import Card, QuestionHold, Rating, ReviewLog
from .scheduling import card_apply, outcomes, scheduler_for
from .selectors import day_start


@dataclass(frozen=True)
class ReviewResult:
    log: ReviewLog
    created: bool


def review_record(
    *,
    user,
    question: Question,
    rating: int,
    idempotency_key: str,
    source: str = ReviewLog.Source.REVIEW,
    now: datetime | None = None,
) -> ReviewResult:
    """Schedules the learner's card for `question` with FSRS; the same key records once."""
    if rating not in Rating.values:
        raise ValidationError({"rating": "Choose Again, Hard, Good or Easy."})
    if not idempotency_key or len(idempotency_key) > 64:
        raise ValidationError({"idempotency_key": "Missing or too long; reload the page and rate again."})
    now = now or timezone.now()
    for _attempt in range(2):
        existing = ReviewLog.objects.filter(user=user, idempotency_key=idempotency_key).first()
        if existing is not None:
            return ReviewResult(log=existing, created=False)
        try:
            return ReviewResult(
                log=_review_write(user, question, Rating(rating), idempotency_key, source, now), created=True
            )
        except IntegrityError:
            continue  # a concurrent double-click won; the loop returns its log
    raise RuntimeError(f"review of question {question.pk} by user {user.pk} could not be recorded")


@transaction.atomic
def _review_write(user, question, rating: Rating, key: str, source: str, now: datetime) -> ReviewLog:
    card = Card.objects.select_for_update().filter(user=user, question=question).first()
    if card is None:
        card = Card(user=user, question=question, due=now, created_at=now, step=0)
    profile = profile_for_user(user=user)
    scheduled = outcomes(card=card if card.pk else None, scheduler=scheduler_for(profile), now=now)[rating]
    card_apply(card, scheduled, rating=rating, now=now)
    card.save()
    return ReviewLog.objects.create(
        user=user,
        question=question,
        card=card,
        rating=rating,
        source=source,
        reviewed_at=now,
        day=now.astimezone(profile.zone).date(),
        due_after=card.due,
        idempotency_key=key,
    )


def prediction_record(
    *,
    user,
    snippet: Snippet,
    outcome: str,
    text: str,
    idempotency_key: str,
    source: str = ReviewLog.Source.PREDICTION,
    now: datetime | None = None,
) -> PredictionGrade:
    """Grade with the one grader; for a member the verdict rates the question (right Good, wrong Again),
    once per key."""
    grade = prediction_grade(snippet=snippet, outcome=outcome, text=text)
    if user is not None and user.is_authenticated and snippet.question_id is not None:
        review_record(
            user=user,
            question=snippet.question,
            rating=Rating.GOOD if grade.correct else Rating.AGAIN,
            idempotency_key=idempotency_key,
            source=source,
            now=now,
        )
    return grade


def review_predict(
    *, user, question: Question, outcome: str, text: str, idempotency_key: str, now: datetime | None = None
) -> PredictionGrade:
    """A review of a tricky question: predict what its program does; the grade rates the card."""
    snippet = snippet_for_question(question=question) if question.is_tricky else None  # as the review page shows it
    if snippet is None:
        raise ValidationError({"outcome": "This question has no program to predict; show the answer instead."})
    return prediction_record(
        user=user,
        snippet=snippet,
        outcome=outcome,
        text=text,
        idempotency_key=idempotency_key,
        source=ReviewLog.Source.REVIEW,
        now=now,
    )


class UndoRefused(Exception):
    pass


@transaction.atomic
def review_undo(*, user, log_id: int) -> Question:
    """Withdraws the learner's latest rating: the log loses it and the card is replayed from the rest
    (a card with no reviews left is new again). Returns the question, to be shown again."""
    latest = ReviewLog.objects.select_for_update().filter(user=user).order_by("-reviewed_at", "-id").first()
    if latest is None or latest.pk != log_id:
        raise UndoRefused("Only your latest rating can be undone, and it already was or a newer one exists.")
    question, card = latest.question, Card.objects.select_for_update().get(pk=latest.card_id)
    latest.delete()
    remaining = list(ReviewLog.objects.filter(card=card).order_by("reviewed_at", "id"))
    if not remaining:
        card.delete()
        return question
    scheduler = scheduler_for(profile_for_user(user=user))
    replayed = Card(user=user, question=question, due=remaining[0].reviewed_at, created_at=card.created_at, step=0)
    for log in remaining:
        scheduled = outcomes(card=replayed if replayed.reps else None, scheduler=scheduler, now=log.reviewed_at)
        card_apply(replayed, scheduled[Rating(log.rating)], rating=Rating(log.rating), now=log.reviewed_at)
    replayed.pk = card.pk
    replayed.save()
    return question


def question_hold(*, user, question: Question, action: str, now: datetime | None = None) -> QuestionHold:
    """`suspend`, `bury` (until the learner's next day) or `unsuspend` (which also unburies)."""
    if action not in ("suspend", "bury", "unsuspend"):
        raise ValidationError({"action": "Choose suspend, bury or unsuspend."})
    now = now or timezone.now()
    if action == "suspend":
        changes = {"suspended": True}
    elif action == "bury":
        zone = profile_for_user(user=user).zone
        changes = {"buried_until": day_start(moment=now, zone=zone) + timedelta(days=1)}
    else:
        changes = {"suspended": False, "buried_until": None}
    hold, _ = QuestionHold.objects.update_or_create(user=user, question=question, defaults=changes)
    return hold
