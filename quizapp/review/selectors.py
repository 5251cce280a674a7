"""Reads for spaced review: the queue and a learner's card on a question."""

import math
import zoneinfo
from dataclasses import dataclass
from datetime import datetime, time

from django.db.models import Count, Exists, Min, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from quizapp.accounts.selectors import profile_for_user
from quizapp.catalog.models import Question

from quizapp.notes.selectors import bookmarked_questions

from .models import Card, QuestionHold, Rating, ReviewLog
from .scheduling import interval_label, outcomes, scheduler_for


def day_start(*, moment: datetime, zone: zoneinfo.ZoneInfo) -> datetime:
    local = moment.astimezone(zone)
    return datetime.combine(local.date(), time.min, tzinfo=zone)


@dataclass(frozen=True)
class Deck:
    """Which questions to review: a part, a language, tricky snippets, bookmarks; due cards, new ones or both."""

    part_id: int | None = None
    language: str = ""
    tricky: bool = False
    bookmarked: bool = False
    cards: str = "all"  # "all", "due" or "new"

    def questions(self, *, user) -> QuerySet[Question]:
        questions = Question.objects.all()
        if self.part_id is not None:
            questions = questions.filter(part_id=self.part_id)
        if self.language:
            questions = questions.filter(part__language=self.language)
        if self.tricky:
            questions = questions.filter(is_tricky=True)
        if self.bookmarked:
            questions = questions.filter(pk__in=bookmarked_questions(user=user).values("pk"))
        return questions

    @property
    def is_everything(self) -> bool:
        return self == Deck()


@dataclass(frozen=True)
class ReviewQueue:
    question: Question | None
    card: Card | None
    due_count: int
    new_count: int
    learned_count: int
    next_due: datetime | None
    checked_at: datetime | None = None

    @property
    def is_new(self) -> bool:
        return self.question is not None and self.card is None

    @property
    def seconds_until_next_due(self) -> int | None:
        if self.next_due is None or self.checked_at is None:
            return None
        return max(1, math.ceil((self.next_due - self.checked_at).total_seconds()))

    @property
    def refresh_after_seconds(self) -> int | None:
        """When the page should ask again: as the next card falls due, at least hourly."""
        seconds = self.seconds_until_next_due
        return None if seconds is None else min(seconds + 1, 3600)


def review_queue_for_user(
    *, user, now: datetime | None = None, question_id: int | None = None, deck: Deck = Deck()
) -> ReviewQueue:
    """Due cards first, earliest due first (FSRS order), then new questions up to today's limit,
    within the deck.

    `question_id` pins the question being answered, so a card falling due meanwhile does not swap it.
    """
    now = now or timezone.now()
    profile = profile_for_user(user=user)
    today = day_start(moment=now, zone=profile.zone)
    held = QuestionHold.objects.filter(Q(suspended=True) | Q(buried_until__gt=now), user=user).values("question_id")
    in_deck = deck.questions(user=user).exclude(pk__in=held)
    new_today = Card.objects.filter(user=user, created_at__gte=today).count()
    cards = Card.objects.filter(user=user).exclude(question_id__in=held)
    if not deck.is_everything:
        cards = cards.filter(question__in=in_deck)
    counts = cards.aggregate(
        total=Count("id"),
        due_now=Count("id", filter=Q(due__lte=now)),
        learned=Count("id", filter=Q(state=Card.State.REVIEW)),
        next_due=Min("due", filter=Q(due__gt=now)),
    )
    unseen = in_deck.count() - counts["total"]
    new_count = 0 if deck.cards == "due" else max(0, min(unseen, profile.daily_new_limit - new_today))
    due_count = 0 if deck.cards == "new" else counts["due_now"]
    next_due = None if deck.cards == "new" else counts["next_due"]
    summary = {"due_count": due_count, "new_count": new_count, "learned_count": counts["learned"],
               "next_due": next_due, "checked_at": now}
    if question_id is not None:
        question = get_object_or_404(Question.objects.select_related("part"), pk=question_id)
        card = Card.objects.filter(user=user, question=question).first()
        return ReviewQueue(question=question, card=card, **summary)
    card = None
    if due_count:
        card = cards.filter(due__lte=now).select_related("question__part").order_by("due", "id").first()
    question = card.question if card else None
    if question is None and new_count:
        seen = Card.objects.filter(user=user, question=OuterRef("pk"))
        question = in_deck.select_related("part").filter(~Exists(seen)).order_by("series", "number").first()
    return ReviewQueue(question=question, card=card, **summary)


@dataclass(frozen=True)
class RatingPreview:
    rating: Rating
    label: str
    due: datetime
    interval: str


def rating_previews(*, user, card: Card | None, now: datetime | None = None) -> list[RatingPreview]:
    """The next interval each rating would give the card, as the scheduler computes it."""
    now = now or timezone.now()
    scheduler = scheduler_for(profile_for_user(user=user))
    return [
        RatingPreview(
            rating=rating, label=rating.label, due=scheduled.due, interval=interval_label(scheduled.due - now)
        )
        for rating, scheduled in outcomes(card=card, scheduler=scheduler, now=now).items()
    ]


def held_questions(*, user, now: datetime | None = None, limit: int = 50) -> list[QuestionHold]:
    """The learner's suspended and buried questions, newest first."""
    now = now or timezone.now()
    return list(
        QuestionHold.objects.filter(Q(suspended=True) | Q(buried_until__gt=now), user=user)
        .select_related("question")
        .order_by("-updated_at")[:limit]
    )


def latest_review(*, user) -> ReviewLog | None:
    return ReviewLog.objects.filter(user=user).select_related("question").order_by("-reviewed_at", "-id").first()
