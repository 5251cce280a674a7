"""Writes for spaced review: a rating schedules the learner's FSRS card."""

from dataclasses import dataclass
from datetime import datetime

import fsrs
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from quizapp.accounts.selectors import profile_for_user
from quizapp.catalog.models import Question

from .models import Card, Rating, ReviewLog


@dataclass(frozen=True)
class ReviewResult:
    log: ReviewLog
    created: bool


def _fsrs_card(card: Card) -> fsrs.Card:
    return fsrs.Card(
        card_id=card.question_id,
        state=fsrs.State(card.state),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due,
        last_review=card.last_review,
    )


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
            return ReviewResult(log=_review_write(user, question, Rating(rating), idempotency_key, source, now), created=True)
        except IntegrityError:
            continue  # a concurrent double-click won; the loop returns its log
    raise RuntimeError(f"review of question {question.pk} by user {user.pk} could not be recorded")


@transaction.atomic
def _review_write(user, question, rating: Rating, key: str, source: str, now: datetime) -> ReviewLog:
    card = Card.objects.select_for_update().filter(user=user, question=question).first()
    if card is None:
        card = Card(user=user, question=question, due=now, created_at=now, step=0)
    profile = profile_for_user(user=user)
    scheduler = fsrs.Scheduler(desired_retention=profile.desired_retention)
    scheduled, _ = scheduler.review_card(_fsrs_card(card), fsrs.Rating(rating), review_datetime=now)
    if rating == Rating.AGAIN and card.state == Card.State.REVIEW:
        card.lapses += 1
    card.state = scheduled.state.value
    card.step = scheduled.step
    card.stability = scheduled.stability
    card.difficulty = scheduled.difficulty
    card.due = scheduled.due
    card.last_review = now
    card.reps += 1
    card.save()
    return ReviewLog.objects.create(
        user=user, question=question, card=card, rating=rating, source=source,
        reviewed_at=now, day=now.astimezone(profile.zone).date(), due_after=card.due, idempotency_key=key,
    )


def progress_record_prediction(
    *, user, question: Question, correct: bool, idempotency_key: str, now: datetime | None = None
) -> ReviewResult:
    """A graded snippet prediction rates itself: right is Good, wrong is Again."""
    return review_record(
        user=user, question=question, rating=Rating.GOOD if correct else Rating.AGAIN,
        idempotency_key=idempotency_key, source=ReviewLog.Source.PREDICTION, now=now,
    )
