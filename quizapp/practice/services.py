"""Writes for timed practice sessions: start, answer, rate, skip, pause, finish, and the clock."""

import random
import uuid
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from quizapp.catalog.models import Part, Question, Snippet
from quizapp.catalog.predictions import PredictionGrade, prediction_grade
from quizapp.catalog.selectors import snippet_for_question
from quizapp.outcomes import PRINTS
from quizapp.review.models import Rating, ReviewLog
from quizapp.review.services import review_record
from quizapp.runs.ratelimit import Busy
from quizapp.runs.submissions import submission_create

from .models import PracticeItem, PracticeSession
from .selectors import practice_item_deadline

# A request that arrives a moment after the countdown hits zero still counts.
PRACTICE_GRACE = timedelta(seconds=3)


def practice_start(
    *,
    user,
    parts: list[Part],
    size: int,
    seconds_per_question: int,
    seconds_total: int,
    idempotency_key: str,
    topic: str = "",
    now: datetime | None = None,
) -> PracticeSession:
    """`topic` ("go:maps") narrows the questions to those whose tricky snippet has that topic."""
    existing = PracticeSession.objects.filter(user=user, idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing
    pool = Question.objects.filter(part__in=parts) if parts else Question.objects.all()
    if topic:
        language, _, slug = topic.partition(":")
        pool = pool.filter(snippets__kind=Snippet.Kind.TRICKY, snippets__is_draft=False,
                           snippets__language=language, snippets__topic=slug)
    ids = list(pool.values_list("id", flat=True).distinct())
    if not ids:
        field = "topic" if topic else "parts"
        raise ValidationError({field: "These choices have no questions yet; choose other parts or another topic."})
    return _session_create(
        user=user,
        parts=parts,
        chosen=random.sample(ids, min(size, len(ids))),
        seconds_per_question=seconds_per_question,
        seconds_total=seconds_total,
        idempotency_key=idempotency_key,
        now=now or timezone.now(),
    )


def practice_start_missed(
    *, session: PracticeSession, idempotency_key: str, now: datetime | None = None
) -> PracticeSession:
    """A new session of the questions a finished session missed, in their order, with the same clock."""
    existing = PracticeSession.objects.filter(user=session.user, idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing
    if session.is_active:
        raise ValidationError({"session": "Finish this session first; then practise the ones you missed."})
    chosen = [item.question_id for item in session.items.all() if item.missed]
    if not chosen:
        raise ValidationError({"session": "You missed none of these questions; start a new session instead."})
    total = min(session.seconds_total, session.seconds_per_question * len(chosen))
    return _session_create(
        user=session.user,
        parts=[],
        chosen=chosen,
        seconds_per_question=session.seconds_per_question,
        seconds_total=max(60, total),
        idempotency_key=idempotency_key,
        now=now or timezone.now(),
    )


def _session_create(
    *,
    user,
    parts: list[Part],
    chosen: list[int],
    seconds_per_question: int,
    seconds_total: int,
    idempotency_key: str,
    now: datetime,
) -> PracticeSession:
    session = PracticeSession(
        user=user,
        size=len(chosen),
        seconds_per_question=seconds_per_question,
        seconds_total=seconds_total,
        started_at=now,
        idempotency_key=idempotency_key,
    )
    session.full_clean(validate_constraints=False)  # the database enforces one session per key
    try:
        with transaction.atomic():
            session.save()
            session.parts.set(parts)
            PracticeItem.objects.bulk_create(
                PracticeItem(
                    session=session,
                    question_id=question_id,
                    position=position,
                    started_at=now if position == 0 else None,
                )
                for position, question_id in enumerate(chosen)
            )
    except IntegrityError:  # the same form sent twice at once: the other request created it
        existing = PracticeSession.objects.filter(user=user, idempotency_key=idempotency_key).first()
        if existing is None:
            raise
        return existing
    return session


def practice_sync(*, session: PracticeSession, now: datetime | None = None) -> PracticeSession:
    """Applies the time limits: the overall one finishes the session, the per-question one skips on."""
    now = now or timezone.now()
    if not session.is_active or session.is_paused:
        return session  # paused: the clocks stand still
    if now >= session.deadline + PRACTICE_GRACE:
        return practice_finish(session=session, now=now)
    item = session.items.get(position=session.position)
    if (
        item.status == PracticeItem.Status.PENDING
        and now >= practice_item_deadline(session=session, item=item) + PRACTICE_GRACE
    ):
        # The session stays on the question: the learner sees "time's up" with its answer, then moves on.
        PracticeItem.objects.filter(pk=item.pk, status=PracticeItem.Status.PENDING).update(
            status=PracticeItem.Status.TIMED_OUT, seconds_spent=session.seconds_per_question
        )
    return _reload(session)


def practice_next(*, session: PracticeSession, position: int, now: datetime | None = None) -> PracticeSession:
    """From a question whose time ran out (its answer shown) to the next one."""
    now = now or timezone.now()
    session = practice_sync(session=session, now=now)
    if _current_item(session, position, PracticeItem.Status.TIMED_OUT) is not None:
        _advance(session, position, now)
    return _reload(session)


def practice_answer(
    *, session: PracticeSession, position: int, answer: str, outcome: str = PRINTS, now: datetime | None = None
) -> PracticeSession:
    now = now or timezone.now()
    session = practice_sync(session=session, now=now)
    item = _current_item(session, position, PracticeItem.Status.PENDING)
    if item is None:
        return session
    if len(answer) > 10_000:
        raise ValidationError({"answer": "Keep the answer under 10,000 characters."})
    snippet = snippet_for_question(question=item.question) if item.question.is_tricky else None
    grade = _prediction_grade(snippet, outcome=outcome, text=answer)
    updated = PracticeItem.objects.filter(pk=item.pk, status=PracticeItem.Status.PENDING).update(
        status=PracticeItem.Status.REVEALED,
        answer=answer,
        answered_at=now,
        prediction_outcome=outcome if grade else "",
        prediction_correct=grade.correct if grade else None,
        seconds_spent=max(0, int((now - (item.started_at or now)).total_seconds())),
    )
    if updated and grade is not None:
        _run_after_prediction(session, item, snippet)
    return _reload(session)


def _run_after_prediction(session: PracticeSession, item: PracticeItem, snippet) -> None:
    """The real run follows a graded prediction. It is started here, once, and kept on the item, so that a
    reload, the back button or a second tab shows the same run instead of starting another."""
    token = uuid.uuid5(uuid.NAMESPACE_URL, f"practice:{session.pk}:{session.idempotency_key}:{item.position}")
    try:
        submission = submission_create(
            user=session.user,
            session_key="",
            snippet=snippet,
            code=snippet.starter_code,
            language=snippet.language,
            token=token,
            check=True,
        )
    except (ValidationError, Busy):
        return  # no run now (the queue is full, say): the runner below the answer lets the learner start one
    PracticeItem.objects.filter(pk=item.pk).update(submission=submission)


def practice_rate(
    *, session: PracticeSession, position: int, rating: int, now: datetime | None = None
) -> PracticeSession:
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
            user=session.user,
            question=item.question,
            rating=rating,
            now=now,
            idempotency_key=f"practice-{session.pk}-{position}",
            source=ReviewLog.Source.PRACTICE,
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


def practice_pause(*, session: PracticeSession, position: int, now: datetime | None = None) -> PracticeSession:
    """Stop both clocks on the current question (a repeated or stale pause changes nothing)."""
    now = now or timezone.now()
    session = practice_sync(session=session, now=now)
    if session.is_active and session.position == position:
        PracticeSession.objects.filter(pk=session.pk, paused_at__isnull=True).update(paused_at=now)
    return _reload(session)


def practice_resume(*, session: PracticeSession, now: datetime | None = None) -> PracticeSession:
    """Start the clocks again where they stopped: the session's and the current question's deadlines
    move by the time spent paused."""
    now = now or timezone.now()
    if not session.is_active or not session.is_paused:
        return session
    paused_for = max(0, int((now - session.paused_at).total_seconds()))
    with transaction.atomic():
        resumed = PracticeSession.objects.filter(pk=session.pk, paused_at=session.paused_at).update(
            paused_at=None, paused_seconds=F("paused_seconds") + paused_for
        )
        item = session.items.filter(position=session.position).first()
        if resumed and item is not None:
            item.started_at = (item.started_at or session.started_at) + timedelta(seconds=paused_for)
            item.save(update_fields=["started_at"])
    return _reload(session)


def practice_finish(*, session: PracticeSession, now: datetime | None = None) -> PracticeSession:
    now = now or timezone.now()
    session = practice_resume(session=session, now=now)  # time spent paused is not time spent
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


def _prediction_grade(snippet, *, outcome: str, text: str) -> PredictionGrade | None:
    """The question page's grader; None when there is no program or nothing was predicted."""
    if snippet is None or (outcome == PRINTS and not text.strip()):
        return None
    return prediction_grade(snippet=snippet, outcome=outcome, text=text)


def _current_item(session: PracticeSession, position: int, status: str) -> PracticeItem | None:
    if not session.is_active or session.is_paused or session.position != position:
        return None  # paused (nothing moves until it goes on), or a stale or repeated post
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
