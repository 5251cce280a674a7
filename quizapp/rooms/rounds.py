"""Peers swap roles for a second set (as on Pramp), and the room's questions go into each signed-in
participant's review queue when their round is over."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from quizapp.review.models import Card, Rating, ReviewLog
from quizapp.review.services import review_record

from .models import Room, RoomItem, Scorecard
from .selectors import item_grade
from .services import Pick, items_create


def round_people(*, room: Room, round: int):
    """(interviewer, candidate) of a round as users; None for an anonymous candidate."""
    if round == 2:
        return room.peer, room.owner
    joined = room.links.filter(user__isnull=False).select_related("user").order_by("-joined_at").first()
    return room.owner, room.peer or (joined.user if joined else None)


def _rating(item: RoomItem, scorecard: Scorecard | None) -> Rating:
    """The interviewer's correctness score is the rating (1 Again … 4 Easy); else the prediction's grade."""
    if scorecard is not None and scorecard.correctness:
        return Rating(scorecard.correctness)
    grade = item_grade(item=item)
    if grade is not None:
        return Rating.GOOD if grade.correct else Rating.AGAIN
    return Rating.HARD  # asked under pressure and not judged: soon again


def round_to_review(*, room: Room, round: int) -> int:
    """Each question of the round into the candidate's review queue, rated from the interview, and into
    the interviewer's as a new card when they have none (their own schedule is never reset). Idempotent."""
    interviewer, candidate = round_people(room=room, round=round)
    items = room.items.filter(round=round, question__isnull=False).select_related("question", "snippet")
    scorecards = {card.item_id: card for card in Scorecard.objects.filter(item__in=items)}
    recorded = 0
    for item in items:
        if candidate is not None:
            recorded += review_record(
                user=candidate,
                question=item.question,
                rating=_rating(item, scorecards.get(item.pk)),
                idempotency_key=f"room-{item.pk}-{candidate.pk}",
                source=ReviewLog.Source.PRACTICE,
            ).created
        if interviewer is not None and not Card.objects.filter(user=interviewer, question=item.question).exists():
            recorded += review_record(
                user=interviewer,
                question=item.question,
                rating=Rating.AGAIN,
                idempotency_key=f"room-{item.pk}-{interviewer.pk}",
                source=ReviewLog.Source.PRACTICE,
            ).created
    return recorded


def room_swap(*, room: Room) -> Room:
    if room.mode != Room.Mode.PEERS or room.round != 1 or room.is_ended:
        raise ValidationError({"room": "Only a peers room in its first round can swap roles."})
    if room.peer_id is None:
        raise ValidationError(
            {
                "room": "Your peer joined without an account: peers need to be signed in to swap roles. "
                "End the room instead, or send a new link to a signed-in peer."
            }
        )
    round_to_review(room=room, round=1)
    Room.objects.filter(pk=room.pk, round=1).update(round=2, position=0, status=Room.Status.WAITING, started_at=None)
    room.refresh_from_db()
    return room


def round_pick(*, room: Room, pick: Pick) -> Room:
    """The new interviewer picks the second set; the clock starts again."""
    if room.round != 2 or room.is_ended or room.items.filter(round=2).exists():
        raise ValidationError({"questions": "This room's second set is already chosen."})
    with transaction.atomic():
        items_create(room, 2, pick)
        Room.objects.filter(pk=room.pk).update(status=Room.Status.LIVE, started_at=timezone.now())
    room.refresh_from_db()
    return room
