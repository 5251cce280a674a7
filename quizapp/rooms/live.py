"""The live path's one way through: a participant's message is authorised and applied here, for the
WebSocket and for the polling fallback alike; what changed is announced to the room's group and each
connection renders it for its own participant."""

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string

from . import rounds, services
from .models import Room, RoomItem
from .selectors import CANDIDATE, INTERVIEWER, Viewer, current_item, room_role, room_state

log = logging.getLogger(__name__)
MIRROR, STATE = "mirror", "state"
TEMPLATES = {INTERVIEWER: "rooms/interviewer.html", CANDIDATE: "rooms/candidate.html"}


class NotAParticipant(PermissionDenied):
    """The sender has no role in the room now: their connection ends."""


def group_name(room_id: int) -> str:
    return f"room-{room_id}"


def room_message(*, room_id: int, viewer: Viewer, data: dict) -> str:
    """Applies one message and returns what changed (MIRROR, STATE or ""). PermissionDenied when the
    sender may not do this now (a revoked link, swapped roles, a candidate's move); ValidationError
    for bad input."""
    room = Room.objects.filter(pk=room_id).first()
    role = room_role(room=room, viewer=viewer) if room is not None else None
    if role is None:
        raise NotAParticipant("You are no longer a participant of this room: your link was revoked or has expired.")
    action = str(data.get("action", ""))
    if role == CANDIDATE and action == "sync":
        return _sync(room, data)
    if role == INTERVIEWER and action in INTERVIEWER_ACTIONS:
        if room.is_ended:
            raise ValidationError({"room": "The room has ended."})
        INTERVIEWER_ACTIONS[action](room, data)
        room_announce(room_id=room.pk, what=STATE)
        return STATE
    raise PermissionDenied(f"The {role} cannot {action or 'do that'} in this room.")


def _sync(room: Room, data: dict) -> str:
    if room.is_ended:
        raise ValidationError({"room": "The room has ended; your answers are in your summary."})
    try:
        item_id = int(data.get("item", 0))
    except (TypeError, ValueError):
        raise ValidationError({"item": "The message names no question; reload the page."}) from None
    # The item named, not the current one: typing sent just before the interviewer moved on is kept.
    item = RoomItem.objects.filter(pk=item_id, room=room, round=room.round).first()
    if item is None:
        raise ValidationError({"item": "That question is not in this room's current round; reload the page."})
    fields = {name: _text(data.get(name)) for name in ("code", "outcome", "answer")}
    if services.item_sync(item=item, **fields):
        room_announce(room_id=room.pk, what=MIRROR, item_id=item.pk)
        return MIRROR
    return ""


def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):  # a repeated field: the last one counts, as in a form post
        value = value[-1] if value else ""
    return str(value).replace("\r\n", "\n")


def _move(room: Room, data: dict) -> None:
    step = {"next": 1, "previous": -1}.get(str(data.get("action")))
    if step is not None:
        position = room.position + step
    else:
        try:
            position = int(data.get("position", -1))
        except (TypeError, ValueError):
            position = -1
    services.room_move(room=room, position=position)


def _reveal(room: Room, data: dict) -> None:
    item = current_item(room=room)
    if item is None:
        raise ValidationError({"reveal": "There is no question to reveal."})
    services.item_reveal(item=item, what=str(data.get("what", "")))


def _end(room: Room, data: dict) -> None:
    services.room_end(room=room)
    rounds.round_to_review(room=room, round=room.round)


def _swap(room: Room, data: dict) -> None:
    rounds.room_swap(room=room)


INTERVIEWER_ACTIONS = {"next": _move, "previous": _move, "goto": _move, "reveal": _reveal, "end": _end, "swap": _swap}


def room_announce(*, room_id: int, what: str, item_id: int | None = None) -> None:
    """Tells every connection of the room, after the change commits. Best effort: a connection that
    misses it catches up on its next message, its reconnect or its poll (the database is the truth)."""

    def send():
        try:
            async_to_sync(get_channel_layer().group_send)(
                group_name(room_id), {"type": "room.changed", "what": what, "item": item_id}
            )
        except Exception:  # noqa: BLE001 (Redis down: the pages fall back to polling)
            log.warning("room %s: could not announce %s", room_id, what, exc_info=True)

    transaction.on_commit(send)


def state_message(*, room: Room, role: str) -> dict:
    state = room_state(room=room, role=role)
    html = render_to_string(f"{TEMPLATES[role]}#state", {"state": state, "room": room, "role": role})
    return {
        "content": html,
        "target": "#room-state",
        "swap": "outerHTML",
        "item": state.item.pk if state.item else None,
        "status": room.status,
        "role": role,
    }


def mirror_message(*, room: Room, item_id: int) -> dict | None:
    item = RoomItem.objects.filter(pk=item_id, room=room).select_related("snippet", "question").first()
    if item is None or (room.round, room.position) != (item.round, item.position):
        return None
    html = render_to_string("rooms/interviewer.html#mirror", {"item": item})
    return {"content": html, "target": "#mirror", "swap": "outerHTML", "item": item.pk}
