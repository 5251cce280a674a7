"""Reads of a room after the fact: the candidate's summary and record, the interviewer's replay and export."""

from django.http import Http404

from quizapp.catalog.predictions import expected_outcome

from .models import Room, RoomItem, Scorecard
from .selectors import Viewer, item_grade


def viewer_rounds(*, room: Room, viewer: Viewer) -> dict[int, str]:
    """The role the viewer had in each round: {1: "candidate", 2: "interviewer"} for a peer."""
    rounds = {}
    user_id = viewer.user.pk if viewer.user is not None else None
    holder = bool(viewer.token) and room.links.filter(token=viewer.token).exists()
    if user_id is not None and user_id == room.owner_id:
        rounds[1] = "interviewer"
    elif holder or (user_id is not None and user_id == room.peer_id):
        rounds[1] = "candidate"
    if room.round == 2 and user_id is not None:
        if user_id == room.peer_id:
            rounds[2] = "interviewer"
        elif user_id == room.owner_id:
            rounds[2] = "candidate"
    return rounds


def rounds_as(*, room: Room, viewer: Viewer, role: str) -> list[int]:
    found = [number for number, had in viewer_rounds(room=room, viewer=viewer).items() if had == role]
    if not found:
        raise Http404(f"You were not the {role} of this room.")
    return found


def _items(room: Room, rounds: list[int]):
    return (
        RoomItem.objects.filter(room=room, round__in=rounds)
        .select_related("question", "snippet")
        .prefetch_related("runs__submission")
    )


def candidate_summary(*, room: Room, rounds: list[int]) -> list[dict]:
    """What the candidate may see: never notes or scorecards."""
    rows = []
    for item in _items(room, rounds):
        grade = item_grade(item=item)
        rows.append(
            {
                "item": item,
                "runs": [run.submission for run in item.runs.all()],
                "grade": grade,
                "expected": expected_outcome(item.snippet)
                if item.snippet is not None and item.kind == "tricky"
                else "",
            }
        )
    return rows


def _run_record(submission) -> dict:
    return {
        "at": submission.created_at.isoformat(),
        "language": submission.language,
        "code": submission.code,
        "status": submission.status,
        "verdict": submission.verdict,
        "stdout": submission.stdout,
        "stderr": submission.stderr,
        "compile_output": submission.compile_output,
    }


def candidate_record(*, room: Room, rounds: list[int]) -> dict:
    items = []
    for item in _items(room, rounds):
        items.append(
            {
                "round": item.round,
                "position": item.position + 1,
                "question": item.title,
                "answer": item.answer,
                "predicted_outcome": item.outcome,
                "code": item.code,
                "feedback_shared_with_you": item.shared_feedback,
                "runs": [_run_record(run.submission) for run in item.runs.all()],
                "timeline": [
                    {"at": event.at.isoformat(), "code": event.code, "outcome": event.outcome, "answer": event.answer}
                    for event in item.events.all()
                ],
            }
        )
    return {
        "room": room.title,
        "started_at": room.started_at.isoformat() if room.started_at else None,
        "ended_at": room.ended_at.isoformat() if room.ended_at else None,
        "deleted_on": room.expires_at.isoformat(),
        "questions": items,
    }


def interviewer_export(*, room: Room, rounds: list[int]) -> dict:
    record = candidate_record(room=room, rounds=rounds)
    scorecards = {card.item_id: card for card in Scorecard.objects.filter(item__room=room, item__round__in=rounds)}
    for row, item in zip(record["questions"], _items(room, rounds)):
        card = scorecards.get(item.pk)
        row["scorecard"] = (
            None
            if card is None
            else {
                "notes": card.notes,
                **{name: getattr(card, name) for name in Scorecard.RUBRIC},
                "comment": card.comment,
            }
        )
    return record


def replay(*, room: Room, rounds: list[int], item_id: int | None, step: int | None) -> dict:
    items = list(_items(room, rounds))
    if not items:
        raise Http404("This room has no questions.")
    item = next((candidate for candidate in items if candidate.pk == item_id), items[0])
    events = list(item.events.all())
    last = max(0, len(events) - 1)
    index = last if step is None else min(max(step, 0), last)
    return {
        "items": items,
        "item": item,
        "events": events,
        "index": index,
        "event": events[index] if events else None,
        "scorecard": Scorecard.objects.filter(item=item).first(),
        "runs": [run.submission for run in item.runs.all()],
    }
