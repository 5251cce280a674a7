import pytest

from quizapp.rooms import rounds, services
from quizapp.rooms.forms import RoomCreateForm, RoundForm
from quizapp.rooms.models import InterviewPlan, Room
from quizapp.rooms.selectors import plans_for_user

pytestmark = pytest.mark.django_db


def create(client, **fields):
    data = {
        "title": "Go screen",
        "mode": "interview",
        "topic_count": "0",
        "duration_minutes": "30",
        "link_hours": "2",
        **fields,
    }
    return client.post("/rooms/", data)


def items_of(room):
    return [(item.question_id, item.snippet_id) for item in room.items.order_by("position")]


def test_creating_a_room_can_save_its_questions_as_a_plan(user_client, user, material):
    response = create(
        user_client,
        questions=f"{material['theory'].number}, python-deck:7",
        topic="go:slices",
        difficulty="1",
        topic_count="3",
        exercises=[material["exercise"].slug],
        save_as_plan="Backend screen",
    )
    assert response.status_code == 400  # python-deck:7 does not exist: no room, and no plan either
    assert not InterviewPlan.objects.exists()
    response = create(
        user_client,
        questions=str(material["theory"].number),
        topic="go:slices",
        difficulty="1",
        topic_count="3",
        exercises=[material["exercise"].slug],
        duration_minutes="25",
        save_as_plan="Backend screen",
    )
    assert response.status_code == 302
    plan = InterviewPlan.objects.get(owner=user)
    assert (plan.title, plan.questions, plan.topic, plan.difficulty, plan.topic_count) == (
        "Backend screen",
        str(material["theory"].number),
        "go:slices",
        1,
        3,
    )
    assert plan.exercise_slugs == [material["exercise"].slug] and plan.duration_minutes == 25
    page = user_client.get("/rooms/").content.decode()
    assert "Backend screen" in page and f"/rooms/plans/{plan.pk}/delete/" in page
    option = f'<option value="{plan.pk}">Backend screen (questions {material["theory"].number} · 3 from Slices, easy'
    assert option in page  # the plan says what it brings where it is chosen


def test_saving_under_the_same_name_replaces_the_plan(user, material):
    pick = services.Pick.of(refs=[("go", material["theory"].number)])
    first = services.plan_save(owner=user, title="Screen", pick=pick, duration_minutes=30)
    again = services.plan_save(owner=user, title="Screen ", pick=pick, duration_minutes=60)
    assert first.pk == again.pk and InterviewPlan.objects.get().duration_minutes == 60


def test_a_room_from_a_plan_has_the_same_items_as_the_same_pick_by_hand(user_client, user, material):
    by_hand = {
        "questions": str(material["theory"].number),
        "topic": "go:slices",
        "difficulty": "1",
        "topic_count": "5",  # more than the topic has: the whole topic, so both rooms draw the same
        "exercises": [material["exercise"].slug],
        "duration_minutes": "20",
    }
    assert create(user_client, **by_hand, save_as_plan="Screen").status_code == 302
    plan = InterviewPlan.objects.get()
    response = create(user_client, plan=str(plan.pk), duration_minutes="45")
    assert response.status_code == 302
    first, second = Room.objects.order_by("created_at", "id")
    assert items_of(second) == items_of(first) and len(items_of(first)) == 3
    assert second.duration_minutes == 20  # the plan's duration


def test_a_plan_and_hand_picked_questions_together_are_a_form_error(user_client, user, material):
    plan = services.plan_save(
        owner=user, title="Screen", pick=services.Pick.of(refs=[("go", material["theory"].number)]), duration_minutes=30
    )
    response = create(user_client, plan=str(plan.pk), questions=str(material["tricky_question"].number))
    assert response.status_code == 400 and "Choose a plan or pick questions, not both" in response.content.decode()
    assert not Room.objects.exists()


def test_another_users_plan_is_refused_as_a_form_error(client, user, other_user, material):
    theirs = services.plan_save(
        owner=other_user,
        title="Their secret screen",
        pick=services.Pick.of(refs=[("go", material["theory"].number)]),
        duration_minutes=30,
    )
    client.force_login(user)
    response = create(client, plan=str(theirs.pk))
    assert response.status_code == 400 and "Select a valid choice" in response.content.decode()
    assert not Room.objects.exists()
    assert "Their secret screen" not in client.get("/rooms/").content.decode()
    assert list(plans_for_user(user=user)) == []
    form = RoundForm({"plan": str(theirs.pk), "topic_count": "0"}, user=user)
    assert not form.is_valid() and "plan" in form.errors
    assert not RoomCreateForm({"plan": "not-a-number"}, user=user).is_valid()


def test_delete_is_owner_only(client, user, other_user, material):
    pick = services.Pick.of(refs=[("go", material["theory"].number)])
    mine = services.plan_save(owner=user, title="Mine", pick=pick, duration_minutes=30)
    theirs = services.plan_save(owner=other_user, title="Theirs", pick=pick, duration_minutes=30)
    client.force_login(user)
    assert client.get(f"/rooms/plans/{mine.pk}/delete/").status_code == 405
    assert client.post(f"/rooms/plans/{theirs.pk}/delete/").status_code == 404
    assert InterviewPlan.objects.filter(pk=theirs.pk).exists()
    response = client.post(f"/rooms/plans/{mine.pk}/delete/")
    assert response.status_code == 302 and response["Location"] == "/rooms/"
    assert not InterviewPlan.objects.filter(pk=mine.pk).exists()
    client.logout()
    assert client.post(f"/rooms/plans/{theirs.pk}/delete/").status_code == 302  # to the log-in page
    assert InterviewPlan.objects.filter(pk=theirs.pk).exists()


def test_the_delete_needs_the_csrf_token(user, material):
    from django.test import Client

    plan = services.plan_save(
        owner=user, title="Mine", pick=services.Pick.of(refs=[("go", material["theory"].number)]), duration_minutes=30
    )
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user)
    assert strict.post(f"/rooms/plans/{plan.pk}/delete/").status_code == 403
    assert InterviewPlan.objects.filter(pk=plan.pk).exists()


def test_the_peer_picks_the_second_set_from_their_own_plan_only(client, user, other_user, material):
    pick = services.Pick.of(refs=[("go", material["tricky_question"].number)])
    room = services.room_create(owner=user, title="Peers", pick=pick, duration_minutes=30, mode=Room.Mode.PEERS)
    services.room_join(link=room.links.get(), user=other_user)
    room.refresh_from_db()
    rounds.room_swap(room=room)
    theory = services.Pick.of(refs=[("go", material["theory"].number)])
    owners = services.plan_save(owner=user, title="Owner plan", pick=theory, duration_minutes=30)
    peers = services.plan_save(owner=other_user, title="Peer plan", pick=theory, duration_minutes=30)
    client.force_login(other_user)
    page = client.get(f"/rooms/{room.pk}/").content.decode()
    assert "Peer plan" in page and "Owner plan" not in page
    refused = client.post(f"/rooms/{room.pk}/round/", {"plan": str(owners.pk), "topic_count": "0"})
    assert refused.status_code == 400 and not room.items.filter(round=2).exists()
    assert client.post(f"/rooms/{room.pk}/round/", {"plan": str(peers.pk), "topic_count": "0"}).status_code == 302
    assert [item.question for item in room.items.filter(round=2)] == [material["theory"]]


def test_the_plan_choice_appears_once_there_is_a_plan_to_choose(user_client, user, material):
    assert 'id="id_plan"' in (page := user_client.get("/rooms/").content.decode())
    assert 'type="hidden" name="plan"' in page and "From a saved plan" not in page
    services.plan_save(owner=user, title="Backend screen", duration_minutes=30,
                       pick=services.Pick.of(refs=[("go", material["theory"].number)]))
    page = user_client.get("/rooms/").content.decode()
    assert "From a saved plan" in page and '<select name="plan"' in page and "Backend screen" in page
