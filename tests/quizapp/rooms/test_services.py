from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from django.http import Http404

from quizapp.rooms import live, services
from quizapp.rooms.models import CodeEvent, Room, RoomItem
from quizapp.rooms.selectors import CANDIDATE, INTERVIEWER, Viewer, link_get, room_role, room_state
from tests.factories import SnippetFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_room_create_takes_questions_snippets_and_exercises_in_order(room, material):
    items = list(room.items.order_by("position"))
    assert [item.kind for item in items] == ["tricky", "question", "exercise"]
    assert items[0].snippet == material["tricky"] and items[0].code == material["tricky"].starter_code
    assert items[2].language == "python"
    assert room.links.get().is_valid()
    assert room.expires_at > timezone.now() + timedelta(days=29)


def test_room_create_by_topic_and_difficulty_picks_only_matching_snippets(user, material):
    SnippetFactory(question=material["theory"], topic="maps", difficulty=1)
    hard = SnippetFactory(question=None, topic="slices", difficulty=3)
    pick = services.Pick(question_refs=[], topic="slices", difficulty=1, topic_count=5)
    room = services.room_create(owner=user, title="t", pick=pick, duration_minutes=20)
    assert [item.snippet for item in room.items.all()] == [material["tricky"]]
    assert hard not in [item.snippet for item in room.items.all()]


@pytest.mark.parametrize(
    "pick, field",
    [
        (services.Pick(question_refs=[("go", 99999)]), "questions"),
        (services.Pick(question_refs=[]), "questions"),
        (services.Pick(question_refs=[], topic="slices", difficulty=3, topic_count=2), "topic"),
        (services.Pick(question_refs=[], exercise_slugs=("nope",)), "exercises"),
    ],
)
def test_room_create_refuses_a_pick_it_cannot_fill_and_says_why(user, material, pick, field):
    with pytest.raises(ValidationError) as refused:
        services.room_create(owner=user, title="t", pick=pick, duration_minutes=20)
    assert field in refused.value.message_dict
    assert not Room.objects.exists()


def test_only_the_interviewer_and_the_current_link_holder_have_a_role(room, link, user, other_user):
    assert room_role(room=room, viewer=Viewer(user=user)) == INTERVIEWER
    assert room_role(room=room, viewer=Viewer(user=None, token=link.token)) == CANDIDATE
    assert room_role(room=room, viewer=Viewer(user=other_user)) is None
    assert room_role(room=room, viewer=Viewer(user=None, token=link.token[:-1] + "x")) is None


def test_a_revoked_or_expired_link_no_longer_makes_a_candidate(room, link):
    services.link_revoke(room=room)
    assert room_role(room=room, viewer=Viewer(user=None, token=link.token)) is None
    fresh = services.link_create(room=room, hours=1)
    assert room_role(room=room, viewer=Viewer(user=None, token=fresh.token)) == CANDIDATE
    later = timezone.now() + timedelta(hours=2)
    assert room_role(room=room, viewer=Viewer(user=None, token=fresh.token), now=later) is None


def test_a_new_link_revokes_the_old_one(room, link):
    services.link_create(room=room)
    link.refresh_from_db()
    assert link.revoked_at is not None


def test_joining_starts_the_clock_once(room, link):
    services.room_join(link=link, user=None)
    room.refresh_from_db()
    started = room.started_at
    assert room.status == Room.Status.LIVE and room.ends_at == started + timedelta(minutes=30)
    services.room_join(link=link, user=None)
    room.refresh_from_db()
    assert room.started_at == started


def test_item_sync_records_each_change_on_the_timeline_and_ignores_repeats(room):
    item = room.items.get(position=0)
    assert services.item_sync(item=item, code="package main\n", outcome="prints", answer="[1 4 3]")
    assert not services.item_sync(item=item, code="package main\n", outcome="prints", answer="[1 4 3]")
    assert services.item_sync(item=item, code="package main\n\nfunc main() {}\n", outcome=None, answer=None)
    item.refresh_from_db()
    assert item.code.endswith("func main() {}\n") and item.answer == "[1 4 3]"
    assert [event.code for event in CodeEvent.objects.filter(item=item)] == ["package main\n", item.code]


def test_item_sync_refuses_an_unknown_outcome(room):
    with pytest.raises(ValidationError):
        services.item_sync(item=room.items.get(position=0), code=None, outcome="explodes", answer=None)


def test_room_move_stays_inside_the_round(room):
    services.room_move(room=room, position=2)
    assert Room.objects.get(pk=room.pk).position == 2
    with pytest.raises(ValidationError):
        services.room_move(room=room, position=3)


def test_an_ended_room_takes_no_one_in_and_no_more_typing(room, link):
    services.room_end(room=room)
    assert room.is_ended
    with pytest.raises(Http404):
        link_get(token=link.token)
    with pytest.raises(ValidationError):
        live.room_message(
            room_id=room.pk,
            viewer=Viewer(user=None, token=link.token),
            data={"action": "sync", "item": room.items.get(position=0).pk, "code": "late"},
        )


def test_the_candidates_state_never_holds_the_scorecard_or_the_answer_before_it_is_revealed(room):
    item = room.items.get(position=0)
    services.scorecard_save(item=item, data={"notes": "weak on slices", "correctness": 2})
    services.item_sync(item=item, code=None, outcome="prints", answer="[1 2 3]")
    candidate = room_state(room=room, role=CANDIDATE)
    assert (
        candidate.scorecard is None and candidate.link is None and candidate.expected == "" and candidate.grade is None
    )
    interviewer = room_state(room=room, role=INTERVIEWER)
    assert interviewer.scorecard.notes == "weak on slices" and "[1 4 3]" in interviewer.expected
    assert interviewer.grade.correct is False
    services.item_reveal(item=item, what="answer")
    assert room_state(room=room, role=CANDIDATE).grade.correct is False


def test_candidate_record_delete_removes_their_work_but_not_the_room(room, user):
    item = room.items.get(position=0)
    services.item_sync(item=item, code="x", outcome="prints", answer="y")
    services.feedback_share(item=item, text="Good reasoning")
    services.room_end(room=room)
    services.candidate_record_delete(room=room)
    item.refresh_from_db()
    assert (item.code, item.answer, item.shared_feedback) == ("", "", "")
    assert not CodeEvent.objects.exists()
    assert Room.objects.get(pk=room.pk).candidate_deleted_at is not None


def test_rooms_expire_deletes_expired_rooms_with_everything_in_them(room):
    services.item_sync(item=room.items.get(position=0), code="x", outcome=None, answer=None)
    keep = services.room_create(
        owner=UserFactory(),
        title="keep",
        pick=services.Pick(question_refs=[("go", room.items.get(position=1).question.number)]),
        duration_minutes=10,
    )
    Room.objects.filter(pk=room.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    services.rooms_expire()
    assert list(Room.objects.all()) == [keep]
    assert not RoomItem.objects.filter(room_id=room.pk).exists() and not CodeEvent.objects.exists()
