"""Writes for learners: reviews, notes, practice sessions, accounts."""

import logging
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

import fsrs
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from quizapp.catalog.models import Part, Question, Snippet

from .models import Card, PracticeItem, PracticeSession, Profile, QuestionNote, Rating, ReviewLog
from .selectors import practice_item_deadline

logger = logging.getLogger(__name__)

# A request that arrives a moment after the countdown hits zero still counts.
PRACTICE_GRACE = timedelta(seconds=3)


def profile_get_or_create(*, user) -> Profile:
    profile, _ = Profile.objects.get_or_create(user=user)
    return profile


def profile_update(*, user, time_zone: str, desired_retention: float, daily_new_limit: int, theme: str) -> Profile:
    profile = profile_get_or_create(user=user)
    profile.time_zone = time_zone
    profile.desired_retention = desired_retention
    profile.daily_new_limit = daily_new_limit
    profile.theme = theme
    profile.full_clean()
    profile.save()
    return profile


# --- Reviews -------------------------------------------------------------------------------------


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
    profile = Profile.objects.filter(user=user).first() or Profile(user=user)
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


# --- Notes and bookmarks ----------------------------------------------------------------------


def note_save(*, user, question: Question, text: str) -> QuestionNote:
    note = QuestionNote.objects.filter(user=user, question=question).first() or QuestionNote(user=user, question=question)
    note.text = text.replace("\r\n", "\n")
    note.full_clean()
    note.save()
    return note


def bookmark_set(*, user, question: Question, bookmarked: bool) -> QuestionNote:
    """Sets rather than toggles, so a double-click lands in the same state."""
    note, _ = QuestionNote.objects.update_or_create(user=user, question=question, defaults={"bookmarked": bookmarked})
    return note


# --- Practice sessions --------------------------------------------------------------------------


def practice_start(
    *,
    user,
    parts: list[Part],
    size: int,
    seconds_per_question: int,
    seconds_total: int,
    idempotency_key: str,
    now: datetime | None = None,
) -> PracticeSession:
    existing = PracticeSession.objects.filter(user=user, idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing
    now = now or timezone.now()
    pool = Question.objects.filter(part__in=parts) if parts else Question.objects.all()
    ids = list(pool.values_list("id", flat=True))
    if not ids:
        raise ValidationError({"parts": "These parts have no questions yet; choose other parts."})
    chosen = random.sample(ids, min(size, len(ids)))
    with transaction.atomic():
        session = PracticeSession(
            user=user, size=len(chosen), seconds_per_question=seconds_per_question,
            seconds_total=seconds_total, started_at=now, idempotency_key=idempotency_key,
        )
        session.full_clean()
        session.save()
        session.parts.set(parts)
        PracticeItem.objects.bulk_create(
            PracticeItem(session=session, question_id=question_id, position=position, started_at=now if position == 0 else None)
            for position, question_id in enumerate(chosen)
        )
    return session


def practice_sync(*, session: PracticeSession, now: datetime | None = None) -> PracticeSession:
    """Applies the time limits: the overall one finishes the session, the per-question one skips on."""
    now = now or timezone.now()
    if not session.is_active:
        return session
    if now >= session.deadline + PRACTICE_GRACE:
        return practice_finish(session=session, now=now)
    item = session.items.get(position=session.position)
    if item.status == PracticeItem.Status.PENDING and now >= practice_item_deadline(session=session, item=item) + PRACTICE_GRACE:
        updated = PracticeItem.objects.filter(pk=item.pk, status=PracticeItem.Status.PENDING).update(
            status=PracticeItem.Status.TIMED_OUT, seconds_spent=session.seconds_per_question
        )
        if updated:
            _advance(session, item.position, now)
    return _reload(session)


def practice_answer(*, session: PracticeSession, position: int, answer: str, now: datetime | None = None) -> PracticeSession:
    now = now or timezone.now()
    session = practice_sync(session=session, now=now)
    item = _current_item(session, position, PracticeItem.Status.PENDING)
    if item is None:
        return session
    if len(answer) > 10_000:
        raise ValidationError({"answer": "Keep the answer under 10,000 characters."})
    correct = _prediction_grade(item.question, answer) if item.question.is_tricky else None
    updated = PracticeItem.objects.filter(pk=item.pk, status=PracticeItem.Status.PENDING).update(
        status=PracticeItem.Status.REVEALED, answer=answer, answered_at=now, prediction_correct=correct,
        seconds_spent=max(0, int((now - (item.started_at or now)).total_seconds())),
    )
    return _reload(session)


def practice_rate(*, session: PracticeSession, position: int, rating: int, now: datetime | None = None) -> PracticeSession:
    now = now or timezone.now()
    if rating not in Rating.values:
        raise ValidationError({"rating": "Choose Again, Hard, Good or Easy."})
    item = _current_item(_reload(session), position, PracticeItem.Status.REVEALED)
    if item is None:
        return _reload(session)
    if item.prediction_correct is not None:
        rating = Rating.GOOD if item.prediction_correct else Rating.AGAIN  # a graded prediction rates itself
    updated = PracticeItem.objects.filter(pk=item.pk, status=PracticeItem.Status.REVEALED).update(
        status=PracticeItem.Status.RATED, rating=rating
    )
    if updated:
        review_record(
            user=session.user, question=item.question, rating=rating, now=now,
            idempotency_key=f"practice-{session.pk}-{position}", source=ReviewLog.Source.PRACTICE,
        )
        _advance(session, position, now)
    return _reload(session)


def practice_skip(*, session: PracticeSession, position: int, now: datetime | None = None) -> PracticeSession:
    now = now or timezone.now()
    session = practice_sync(session=session, now=now)
    item = _current_item(session, position, PracticeItem.Status.PENDING)
    if item is not None:
        updated = PracticeItem.objects.filter(pk=item.pk, status=PracticeItem.Status.PENDING).update(
            status=PracticeItem.Status.SKIPPED,
            seconds_spent=max(0, int((now - (item.started_at or now)).total_seconds())),
        )
        if updated:
            _advance(session, position, now)
    return _reload(session)


def practice_finish(*, session: PracticeSession, now: datetime | None = None) -> PracticeSession:
    now = now or timezone.now()
    with transaction.atomic():
        updated = PracticeSession.objects.filter(pk=session.pk, status=PracticeSession.Status.ACTIVE).update(
            status=PracticeSession.Status.FINISHED, finished_at=now
        )
        if updated:
            leftover = PracticeItem.Status.TIMED_OUT if now >= session.deadline else PracticeItem.Status.SKIPPED
            session.items.filter(status=PracticeItem.Status.PENDING).update(status=leftover)
            ratings = list(session.items.values_list("rating", flat=True))
            recalled = sum(1 for rating in ratings if rating is not None and rating >= Rating.HARD)
            PracticeSession.objects.filter(pk=session.pk).update(score=recalled / len(ratings) if ratings else 0)
    return _reload(session)


def _current_item(session: PracticeSession, position: int, status: str) -> PracticeItem | None:
    if not session.is_active or session.position != position:
        return None  # a stale or repeated post: the session already moved on
    return session.items.select_related("question").filter(position=position, status=status).first()


def _advance(session: PracticeSession, position: int, now: datetime) -> None:
    moved = PracticeSession.objects.filter(
        pk=session.pk, status=PracticeSession.Status.ACTIVE, position=position
    ).update(position=position + 1)
    if not moved:
        return
    if position + 1 >= session.size:
        practice_finish(session=_reload(session), now=now)
    else:
        session.items.filter(position=position + 1, started_at__isnull=True).update(started_at=now)


def _reload(session: PracticeSession) -> PracticeSession:
    session.refresh_from_db()
    return session


def _normalize_output(text: str) -> list[str]:
    return [line.rstrip() for line in text.strip().replace("\r\n", "\n").split("\n")]


PREDICTION_CHECKERS = {Snippet.Checker.EXACT, Snippet.Checker.TRAILING_WS, Snippet.Checker.WHITESPACE}


def _prediction_grade(question: Question, prediction: str) -> bool | None:
    """Right or wrong for a tricky snippet with a plain expected output; None when a person must judge."""
    snippet = question.snippets.filter(kind=Snippet.Kind.TRICKY).exclude(expected_output="").first()
    if snippet is None or snippet.checker not in PREDICTION_CHECKERS or not prediction.strip():
        return None
    if snippet.checker == Snippet.Checker.WHITESPACE:
        return prediction.split() == snippet.expected_output.split()
    return _normalize_output(prediction) == _normalize_output(snippet.expected_output)


# --- Accounts ------------------------------------------------------------------------------------


def account_create(*, username: str, email: str, password: str, session_key: str | None):
    with transaction.atomic():
        user = get_user_model().objects.create_user(username=username, email=email, password=password)
        Profile.objects.create(user=user)
    if session_key:
        anonymous_data_claim(session_key=session_key, user=user)
    return user


def anonymous_data_claim(*, session_key: str, user) -> int:
    """Keeps what the visitor did before signing up: their snippet runs, via the run pipeline."""
    try:
        from quizapp.runs.claim import submissions_claim_for_user
    except ImportError:
        return 0
    claimed = submissions_claim_for_user(session_key=session_key, user=user)
    return claimed if isinstance(claimed, int) else 0


def account_delete(*, user) -> None:
    """Deletes the user and everything of theirs; submissions are removed, not orphaned."""
    with transaction.atomic():
        try:
            from quizapp.runs.models import Submission
        except ImportError:
            pass
        else:
            Submission.objects.filter(user=user).delete()
        user.delete()
