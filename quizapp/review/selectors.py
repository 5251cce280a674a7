"""Reads for spaced review: the queue and a learner's card on a question."""

import zoneinfo
from dataclasses import dataclass
from datetime import datetime, time

from django.db.models import Count, Exists, Min, OuterRef, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from quizapp.accounts.selectors import profile_for_user
from quizapp.catalog.models import Question

from .models import Card


def day_start(*, moment: datetime, zone: zoneinfo.ZoneInfo) -> datetime:
    local = moment.astimezone(zone)
    return datetime.combine(local.date(), time.min, tzinfo=zone)


@dataclass(frozen=True)
class ReviewQueue:
    question: Question | None
    card: Card | None
    due_count: int
    new_count: int
    learned_count: int
    next_due: datetime | None

    @property
    def is_new(self) -> bool:
        return self.question is not None and self.card is None


def review_queue_for_user(*, user, now: datetime | None = None, question_id: int | None = None) -> ReviewQueue:
    """Due cards first, earliest due first (FSRS order), then new questions up to today's limit.

    `question_id` pins the question being answered, so a card falling due meanwhile does not swap it.
    """
    now = now or timezone.now()
    profile = profile_for_user(user=user)
    today = day_start(moment=now, zone=profile.zone)
    counts = Card.objects.filter(user=user).aggregate(
        total=Count("id"),
        due_now=Count("id", filter=Q(due__lte=now)),
        learned=Count("id", filter=Q(state=Card.State.REVIEW)),
        new_today=Count("id", filter=Q(created_at__gte=today)),
        next_due=Min("due", filter=Q(due__gt=now)),
    )
    unseen = Question.objects.count() - counts["total"]
    new_count = max(0, min(unseen, profile.daily_new_limit - counts["new_today"]))
    if question_id is not None:
        question = get_object_or_404(Question.objects.select_related("part"), pk=question_id)
        card = Card.objects.filter(user=user, question=question).first()
        return ReviewQueue(
            question=question, card=card, due_count=counts["due_now"], new_count=new_count,
            learned_count=counts["learned"], next_due=counts["next_due"],
        )
    card = (
        Card.objects.filter(user=user, due__lte=now).select_related("question__part").order_by("due", "id").first()
    )
    question = card.question if card else None
    if question is None and new_count:
        seen = Card.objects.filter(user=user, question=OuterRef("pk"))
        question = Question.objects.select_related("part").filter(~Exists(seen)).order_by("series", "number").first()
    return ReviewQueue(
        question=question, card=card, due_count=counts["due_now"], new_count=new_count,
        learned_count=counts["learned"], next_due=counts["next_due"],
    )
