"""Peers swap roles for a second set; questions go into each signed-in participant's review queue."""

import pytest
from django.core.exceptions import ValidationError

from quizapp.review.models import Card, Rating, ReviewLog
from quizapp.rooms import live, rounds, services
from quizapp.rooms.models import Room
from quizapp.rooms.selectors import CANDIDATE, INTERVIEWER, Viewer, room_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def peers(user, other_user, material):
    pick = services.Pick(question_refs=[("go", material["tricky_question"].number)])
    room = services.room_create(owner=user, title="Peers", pick=pick, duration_minutes=30, mode=Room.Mode.PEERS)
    services.room_join(link=room.links.get(), user=other_user)
    room.refresh_from_db()
    assert room.peer == other_user
    return room


def test_peers_swap_roles_and_the_new_interviewer_picks_the_second_set(peers, user, other_user, material):
    link = peers.links.get()
    rounds.room_swap(room=peers)
    assert room_role(room=peers, viewer=Viewer(user=other_user, token=link.token)) == INTERVIEWER
    assert room_role(room=peers, viewer=Viewer(user=user)) == CANDIDATE
    assert room_role(room=peers, viewer=Viewer(user=None, token=link.token)) is None  # the link was for round 1
    rounds.round_pick(room=peers, pick=services.Pick(question_refs=[("go", material["theory"].number)]))
    assert [item.question for item in peers.items.filter(round=2)] == [material["theory"]]
    assert peers.status == Room.Status.LIVE and peers.started_at is not None
    with pytest.raises(ValidationError):
        rounds.round_pick(room=peers, pick=services.Pick(question_refs=[("go", material["theory"].number)]))


def test_an_anonymous_peer_cannot_swap(user, material):
    room = services.room_create(
        owner=user,
        title="Peers",
        mode=Room.Mode.PEERS,
        duration_minutes=30,
        pick=services.Pick(question_refs=[("go", material["theory"].number)]),
    )
    services.room_join(link=room.links.get(), user=None)
    with pytest.raises(ValidationError, match="need to be signed in"):
        rounds.room_swap(room=room)


def test_swapping_is_the_interviewers_move_by_message(peers, other_user):
    with pytest.raises(live.PermissionDenied):
        live.room_message(
            room_id=peers.pk, viewer=Viewer(user=other_user, token=peers.links.get().token), data={"action": "swap"}
        )
    live.room_message(room_id=peers.pk, viewer=Viewer(user=peers.owner), data={"action": "swap"})
    assert Room.objects.get(pk=peers.pk).round == 2


def test_the_rooms_questions_go_into_both_review_queues_rated_from_the_interview(peers, user, other_user, material):
    item = peers.items.get()
    services.item_sync(item=item, code=None, outcome="prints", answer="[1 4 3]\n")
    live.room_message(room_id=peers.pk, viewer=Viewer(user=user), data={"action": "end"})
    candidate_log = ReviewLog.objects.get(user=other_user)
    assert candidate_log.question == material["tricky_question"] and candidate_log.rating == Rating.GOOD
    assert ReviewLog.objects.get(user=user).rating == Rating.AGAIN  # the interviewer's: new, due soon
    assert rounds.round_to_review(room=peers, round=1) == 0  # once


def test_the_correctness_score_is_the_candidates_rating_and_the_interviewers_own_card_is_kept(
    peers, user, other_user, material
):
    item = peers.items.get()
    services.scorecard_save(item=item, data={"correctness": 4})
    Card.objects.create(
        user=user,
        question=material["tricky_question"],
        due=peers.created_at,
        created_at=peers.created_at,
        state=Card.State.REVIEW,
        reps=5,
    )
    rounds.round_to_review(room=peers, round=1)
    assert ReviewLog.objects.get(user=other_user).rating == Rating.EASY
    assert not ReviewLog.objects.filter(user=user).exists()
    assert Card.objects.get(user=user).reps == 5


def test_after_the_swap_each_page_follows_its_new_role(peers, client, user, other_user, material):
    rounds.room_swap(room=peers)
    client.force_login(other_user)
    page = client.get(f"/rooms/{peers.pk}/candidate/")
    assert page["Location"] == f"/rooms/{peers.pk}/"
    assert 'id="round-form"' in client.get(f"/rooms/{peers.pk}/").content.decode()
    bad = client.post(f"/rooms/{peers.pk}/round/", {"questions": "nope"})
    assert bad.status_code == 400 and "is not a question number" in bad.content.decode()
    assert client.post(f"/rooms/{peers.pk}/round/", {"questions": str(material["theory"].number)}).status_code == 302
    client.force_login(user)
    assert "What is a goroutine?" in client.get(f"/rooms/{peers.pk}/candidate/").content.decode()
