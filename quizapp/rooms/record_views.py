"""After the room: the candidate's summary and their record (download, delete); the interviewer's
replay and export."""

import json

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from . import records, services
from .models import Room
from .selectors import Viewer


def _ended_room(request, room_id: int) -> tuple[Room, Viewer]:
    room = get_object_or_404(Room, pk=room_id)
    viewer = Viewer.of(user=request.user, session=request.session, room_id=room_id)
    if not records.viewer_rounds(room=room, viewer=viewer):
        raise Http404("No such room, or you were not in it.")
    return room, viewer


def _json_download(data: dict, name: str) -> HttpResponse:
    response = HttpResponse(json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
def room_summary(request, room_id: int):
    room, viewer = _ended_room(request, room_id)
    rounds = records.rounds_as(room=room, viewer=viewer, role="candidate")
    if not room.is_ended:
        return redirect("rooms:candidate", room_id=room.pk)
    rows = records.candidate_summary(room=room, rounds=rounds)
    return render(request, "rooms/summary.html", {"room": room, "rows": rows})


@require_GET
def record_download(request, room_id: int):
    room, viewer = _ended_room(request, room_id)
    rounds = records.rounds_as(room=room, viewer=viewer, role="candidate")
    return _json_download(records.candidate_record(room=room, rounds=rounds), f"interview-room-{room.pk}.json")


@require_POST
def record_delete(request, room_id: int):
    room, viewer = _ended_room(request, room_id)
    records.rounds_as(room=room, viewer=viewer, role="candidate")
    if not room.is_ended:
        return render(
            request,
            "rooms/summary.html",
            {"room": room, "rows": [], "problem": "You can delete your record once the interview has ended."},
            status=400,
        )
    services.candidate_record_delete(room=room)
    return redirect("rooms:summary", room_id=room.pk)


@require_GET
def room_replay(request, room_id: int):
    room, viewer = _ended_room(request, room_id)
    rounds = records.rounds_as(room=room, viewer=viewer, role="interviewer")
    try:
        item_id = int(request.GET.get("item", "")) if request.GET.get("item") else None
        step = int(request.GET.get("step", "")) if request.GET.get("step") else None
    except ValueError:
        item_id, step = None, None
    context = {"room": room, **records.replay(room=room, rounds=rounds, item_id=item_id, step=step)}
    if request.htmx:
        return render(request, "rooms/replay.html#step", context)
    return render(request, "rooms/replay.html", context)


@require_GET
def room_export(request, room_id: int):
    room, viewer = _ended_room(request, room_id)
    rounds = records.rounds_as(room=room, viewer=viewer, role="interviewer")
    return _json_download(
        records.interviewer_export(room=room, rounds=rounds), f"interview-room-{room.pk}-scorecard.json"
    )
