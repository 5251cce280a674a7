"""Reads for interview rooms. Who may see what is decided here, once, for pages and messages alike."""

import hmac
from dataclasses import dataclass, field

from django.http import Http404
from django.utils import timezone

from quizapp.catalog.predictions import PredictionGrade, expected_outcome, prediction_grade

from .models import CandidateLink, CodeEvent, InterviewPlan, Room, RoomItem, RoomRun, Scorecard

INTERVIEWER, CANDIDATE = "interviewer", "candidate"
SESSION_LINKS = "room_links"  # session key: {room id: the candidate link token this browser joined with}


@dataclass(frozen=True)
class Viewer:
    """Who is asking: a signed-in user (or None) and the link token their session joined with."""

    user: object
    token: str = ""

    @classmethod
    def of(cls, *, user, session, room_id: int) -> "Viewer":
        tokens = session.get(SESSION_LINKS, {}) if session is not None else {}
        signed_in = user if user is not None and user.is_authenticated else None
        return cls(user=signed_in, token=tokens.get(str(room_id), ""))


def room_interviewer_id(room: Room):
    return room.peer_id if room.round == 2 else room.owner_id


def current_link(*, room: Room, now=None) -> CandidateLink | None:
    link = room.links.filter(revoked_at__isnull=True).order_by("-created_at", "-id").first()
    return link if link is not None and link.is_valid(now) else None


def room_role(*, room: Room, viewer: Viewer, now=None) -> str | None:
    """INTERVIEWER, CANDIDATE or None, from the room's state now: called for every page and every
    message, so a revoked link or swapped roles take effect at once."""
    if viewer.user is not None and viewer.user.pk == room_interviewer_id(room):
        return INTERVIEWER
    if room.round == 2:
        return CANDIDATE if viewer.user is not None and viewer.user.pk == room.owner_id else None
    link = current_link(room=room, now=now)
    if link is not None and viewer.token and secrets_equal(link.token, viewer.token):
        return CANDIDATE
    return None


def secrets_equal(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


def room_get_for(*, room_id: int, viewer: Viewer, roles=(INTERVIEWER, CANDIDATE)) -> tuple[Room, str]:
    room = Room.objects.filter(pk=room_id).first()
    role = room_role(room=room, viewer=viewer) if room is not None else None
    if role not in roles:
        raise Http404("No such room, or your link to it was revoked or has expired.")
    return room, role


def room_participant(*, room: Room, viewer: Viewer) -> bool:
    """The owner, the peer, or the holder of any link the room made: who may read the room's record."""
    if viewer.user is not None and viewer.user.pk in (room.owner_id, room.peer_id):
        return True
    return bool(viewer.token) and room.links.filter(token=viewer.token).exists()


def link_get(*, token: str) -> CandidateLink:
    link = CandidateLink.objects.select_related("room").filter(token=token).first()
    if link is None or not link.is_valid() or link.room.is_ended:
        raise Http404(
            "This interview link is not valid: it was revoked, it has expired, or the room has ended. "
            "Ask your interviewer for a new link."
        )
    return link


def rooms_for_user(*, user):
    return Room.objects.filter(owner=user) | Room.objects.filter(peer=user)


def plans_for_user(*, user):
    if user is None or not user.is_authenticated:
        return InterviewPlan.objects.none()
    return InterviewPlan.objects.filter(owner=user)


def plan_get(*, user, plan_id: int) -> InterviewPlan:
    plan = plans_for_user(user=user).filter(pk=plan_id).first()
    if plan is None:
        raise Http404("No such plan among yours.")
    return plan


def room_items(*, room: Room, round: int | None = None):
    return list(room.items.filter(round=round or room.round).select_related("question", "snippet"))


def current_item(*, room: Room) -> RoomItem | None:
    return room.items.filter(round=room.round, position=room.position).select_related("question", "snippet").first()


def item_grade(*, item: RoomItem) -> PredictionGrade | None:
    if item.snippet is None or item.snippet.kind != "tricky" or not item.outcome:
        return None
    return prediction_grade(snippet=item.snippet, outcome=item.outcome, text=item.answer)


@dataclass
class RoomState:
    """What one participant's screen shows now. The candidate's never holds notes or scorecards."""

    room: Room
    role: str
    item: RoomItem | None
    items: list[RoomItem]
    runs: list[RoomRun] = field(default_factory=list)
    grade: PredictionGrade | None = None
    scorecard: Scorecard | None = None
    link: CandidateLink | None = None
    expected: str = ""  # a tricky snippet's real outcome, in words

    @property
    def is_last(self) -> bool:
        return self.item is None or self.item.position >= len(self.items) - 1

    @property
    def seconds_left(self) -> int | None:
        if self.room.ends_at is None:
            return None
        return max(0, int((self.room.ends_at - timezone.now()).total_seconds()))


def room_state(*, room: Room, role: str) -> RoomState:
    item = current_item(room=room)
    state = RoomState(room=room, role=role, item=item, items=room_items(room=room))
    if item is not None:
        state.runs = list(item.runs.select_related("submission__snippet"))
        reveal = role == INTERVIEWER or item.answer_revealed
        state.grade = item_grade(item=item) if reveal else None
        state.expected = expected_outcome(item.snippet) if reveal and item.snippet is not None else ""
    if role == INTERVIEWER:
        state.scorecard = Scorecard.objects.filter(item=item).first() if item is not None else None
        state.link = current_link(room=room)
    return state


def room_run_get(*, room: Room, run_id: int) -> RoomRun:
    run = RoomRun.objects.select_related("submission__snippet", "item").filter(pk=run_id, item__room=room).first()
    if run is None:
        raise Http404("No such run in this room.")
    return run


def item_timeline(*, item: RoomItem) -> list[CodeEvent]:
    return list(item.events.all())
