"""After the room: the candidate's summary and record, the interviewer's replay and export, expiry."""

import json
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from quizapp.rooms.models import Room
from quizapp.rooms.tasks import rooms_expire_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def ended(room, candidate_client, interviewer_client):
    item = room.items.get(position=0)
    for code in ("package main // one", "package main // two"):
        candidate_client.post(
            f"/rooms/{room.pk}/message/",
            {"action": "sync", "item": item.pk, "code": code, "outcome": "prints", "answer": "[1 2 3]"},
        )
    interviewer_client.post(
        f"/rooms/{room.pk}/items/{item.pk}/scorecard/", {"notes": "SECRET-NOTE", "correctness": "3"}
    )
    interviewer_client.post(f"/rooms/{room.pk}/items/{item.pk}/feedback/", {"shared_feedback": "Think about capacity"})
    interviewer_client.post(f"/rooms/{room.pk}/message/", {"action": "end"})
    room.refresh_from_db()
    assert room.is_ended
    return room


def test_the_candidates_summary_has_their_answers_and_the_shared_feedback_but_no_notes(ended, candidate_client):
    page = candidate_client.get(f"/rooms/{ended.pk}/summary/").content.decode()
    assert "package main // two" in page and "[1 2 3]" in page and "Think about capacity" in page
    assert "SECRET" not in page and "correctness" not in page.lower()


def test_the_candidate_downloads_their_record_without_the_interviewers_notes(ended, candidate_client):
    response = candidate_client.get(f"/rooms/{ended.pk}/record/")
    assert response["Content-Disposition"].startswith("attachment")
    record = json.loads(response.content)
    first = record["questions"][0]
    assert [step["code"] for step in first["timeline"]] == ["package main // one", "package main // two"]
    assert first["feedback_shared_with_you"] == "Think about capacity"
    assert "SECRET" not in response.content.decode() and "scorecard" not in response.content.decode()


def test_the_candidate_deletes_their_record(ended, candidate_client, interviewer_client):
    response = candidate_client.post(f"/rooms/{ended.pk}/record/delete/")
    assert response.status_code == 302
    page = candidate_client.get(f"/rooms/{ended.pk}/summary/").content.decode()
    assert "You deleted your record" in page and "package main // two" not in page
    export = json.loads(interviewer_client.get(f"/rooms/{ended.pk}/export/").content)
    assert export["questions"][0]["timeline"] == [] and export["questions"][0]["code"] == ""
    assert export["questions"][0]["scorecard"]["notes"] == "SECRET-NOTE"  # the interviewer's own notes stay theirs


def test_the_interviewer_steps_through_the_replay_and_exports_the_scorecard(ended, interviewer_client):
    item = ended.items.get(position=0)
    first = interviewer_client.get(f"/rooms/{ended.pk}/replay/?item={item.pk}&step=0").content.decode()
    assert "package main // one" in first and 'Step <strong id="replay-index">1</strong> of 2' in first
    last = interviewer_client.get(f"/rooms/{ended.pk}/replay/?item={item.pk}", HTTP_HX_REQUEST="true").content.decode()
    assert "package main // two" in last and "<html" not in last
    assert "SECRET-NOTE" in last
    assert interviewer_client.get(f"/rooms/{ended.pk}/replay/?item=x&step=y").status_code == 200
    export = json.loads(interviewer_client.get(f"/rooms/{ended.pk}/export/").content)
    assert export["questions"][0]["scorecard"]["correctness"] == 3


def test_the_candidate_gets_no_replay_or_export(ended, candidate_client):
    assert candidate_client.get(f"/rooms/{ended.pk}/replay/").status_code == 404
    assert candidate_client.get(f"/rooms/{ended.pk}/export/").status_code == 404


def test_the_summary_waits_for_the_end(room, candidate_client):
    assert candidate_client.get(f"/rooms/{room.pk}/summary/")["Location"] == f"/rooms/{room.pk}/candidate/"
    assert candidate_client.post(f"/rooms/{room.pk}/record/delete/").status_code == 400


def test_the_beat_task_deletes_rooms_past_their_expiry(ended):
    assert settings.CELERY_BEAT_SCHEDULE["expire-rooms"]["task"] == "quizapp.rooms.tasks.rooms_expire_task"
    assert rooms_expire_task() == 0
    Room.objects.filter(pk=ended.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert rooms_expire_task() > 0
    assert not Room.objects.exists()
