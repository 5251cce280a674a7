import pytest

from quizapp.rooms import services
from quizapp.rooms.models import Room
from tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db


def test_creating_a_room_by_hand_leads_to_the_interviewer_page_with_a_candidate_link(user_client, material):
    response = user_client.post(
        "/rooms/",
        {
            "title": "Go screen",
            "mode": "interview",
            "questions": f"{material['tricky_question'].number}, {material['theory'].number}",
            "topic": "",
            "difficulty": "",
            "topic_count": "0",
            "duration_minutes": "30",
            "link_hours": "2",
        },
    )
    room = Room.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/rooms/{room.pk}/"
    page = user_client.get(response["Location"]).content.decode()
    assert f"/rooms/join/{room.links.get().token}/" in page
    assert "Reveal the answer" in page and "Private notes" in page


def test_a_bad_pick_is_a_400_with_the_form_and_what_to_do(user_client):
    response = user_client.post(
        "/rooms/", {"title": "x", "mode": "interview", "questions": "12ab", "duration_minutes": "30", "link_hours": "2"}
    )
    assert response.status_code == 400
    assert "is not a question number" in response.content.decode() and 'value="x"' in response.content.decode()
    response = user_client.post(
        "/rooms/",
        {"title": "x", "mode": "interview", "questions": "99999", "duration_minutes": "30", "link_hours": "2"},
    )
    assert response.status_code == 400 and "There is no question 99999" in response.content.decode()


def test_creating_a_room_needs_an_account(client):
    assert client.get("/rooms/").status_code == 302


def test_the_join_page_tells_the_candidate_what_is_recorded_and_for_how_long(client, link):
    page = client.get(f"/rooms/join/{link.token}/").content.decode()
    assert "What is recorded, and for how long" in page and "timeline" in page and "deleted 30 days" in page


@pytest.mark.parametrize("token", ["guessed-token", "A" * 43])
def test_a_guessed_link_is_refused(client, link, token):
    assert client.get(f"/rooms/join/{token}/").status_code == 404
    assert client.post(f"/rooms/join/{token}/").status_code == 404


def test_a_revoked_link_is_refused_and_its_holder_is_out(candidate_client, room, link):
    assert candidate_client.get(f"/rooms/{room.pk}/candidate/").status_code == 200
    services.link_revoke(room=room)
    assert candidate_client.get(f"/rooms/join/{link.token}/").status_code == 404
    assert candidate_client.get(f"/rooms/{room.pk}/candidate/").status_code == 404
    assert candidate_client.get(f"/rooms/{room.pk}/state/").status_code == 404


def test_the_candidate_page_never_holds_notes_scorecards_or_the_answer_key(candidate_client, room):
    item = room.items.get(position=0)
    services.scorecard_save(item=item, data={"notes": "SECRET-NOTE", "comment": "SECRET-COMMENT", "reasoning": 1})
    for url in (f"/rooms/{room.pk}/candidate/", f"/rooms/{room.pk}/state/", f"/rooms/{room.pk}/panel/"):
        page = candidate_client.get(url).content.decode()
        assert "SECRET-NOTE" not in page and "SECRET-COMMENT" not in page
        assert "[1 4 3]" not in page and "Answer key" not in page
        assert "append shares the array" not in page
    assert candidate_client.get(f"/rooms/{room.pk}/").status_code == 302  # to the candidate page
    item_url = f"/rooms/{room.pk}/items/{item.pk}/scorecard/"
    assert candidate_client.post(item_url, {"notes": "mine"}).status_code == 404


def test_the_candidate_reads_the_program_then_predicts_then_runs(candidate_client, room):
    page = candidate_client.get(f"/rooms/{room.pk}/candidate/").content.decode()
    assert room.items.get(position=0).kind == "tricky"
    assert page.index('id="room-code"') < page.index('name="outcome"') < page.index('id="room-answer"')
    assert page.index('id="room-answer"') < page.index('id="room-run"')
    assert "What it prints, exactly (if it prints)" in page  # the words of every other prediction


def test_a_stranger_signed_in_sees_no_room(client, room, other_user):
    client.force_login(other_user)
    for url in (
        f"/rooms/{room.pk}/",
        f"/rooms/{room.pk}/candidate/",
        f"/rooms/{room.pk}/state/",
        f"/rooms/{room.pk}/summary/",
        f"/rooms/{room.pk}/replay/",
        f"/rooms/{room.pk}/export/",
    ):
        assert client.get(url).status_code == 404, url


def test_the_scorecard_takes_scores_1_to_4_and_refuses_others(user_client, room):
    item = room.items.get(position=0)
    url = f"/rooms/{room.pk}/items/{item.pk}/scorecard/"
    response = user_client.post(
        url,
        {
            "notes": "ok",
            "correctness": "4",
            "reasoning": "3",
            "communication": "2",
            "go_knowledge": "1",
            "comment": "solid",
        },
    )
    assert response.status_code == 200 and "Saved." in response.content.decode()
    assert item.scorecard.correctness == 4 and item.scorecard.comment == "solid"
    response = user_client.post(url, {"correctness": "5"})
    assert response.status_code == 400 and "Select a valid choice" in response.content.decode()


def test_shared_feedback_reaches_the_candidate(interviewer_client, candidate_client, room):
    item = room.items.get(position=0)
    interviewer_client.post(f"/rooms/{room.pk}/items/{item.pk}/feedback/", {"shared_feedback": "Nice use of append"})
    assert "Nice use of append" in candidate_client.get(f"/rooms/{room.pk}/candidate/").content.decode()


def test_the_polling_fallback_applies_the_same_messages(interviewer_client, candidate_client, room):
    item = room.items.get(position=0)
    response = candidate_client.post(
        f"/rooms/{room.pk}/message/",
        {"action": "sync", "item": item.pk, "code": "typed", "outcome": "panic", "answer": ""},
    )
    assert response.json() == {"changed": "mirror"}
    assert "typed" in interviewer_client.get(f"/rooms/{room.pk}/state/").content.decode()
    refused = candidate_client.post(f"/rooms/{room.pk}/message/", {"action": "next"})
    assert refused.status_code == 403 and "candidate cannot next" in refused.json()["error"]
    assert interviewer_client.post(f"/rooms/{room.pk}/message/", {"action": "next"}).json() == {"changed": "state"}
    assert Room.objects.get(pk=room.pk).position == 1
    bad = interviewer_client.post(f"/rooms/{room.pk}/message/", {"action": "goto", "position": "9"})
    assert bad.status_code == 400 and "questions 1 to 3" in bad.json()["error"]


def test_a_run_in_the_room_goes_through_the_run_pipeline_and_both_sides_can_follow_it(
    interviewer_client, candidate_client, room, redis_url
):
    item = room.items.get(position=0)
    response = candidate_client.post(
        f"/rooms/{room.pk}/runs/", {"item": item.pk, "code": "package main\n\nfunc main() {}\n", "action": "run"}
    )
    assert response.status_code == 204
    run = item.runs.get()
    assert run.submission.snippet == item.snippet and run.submission.user is None and run.submission.session_key
    for client in (interviewer_client, candidate_client):
        page = client.get(f"/rooms/{room.pk}/runs/{run.pk}/")
        assert page.status_code == 200 and f"room-run-{run.pk}" in page.content.decode()
    empty = candidate_client.post(f"/rooms/{room.pk}/runs/", {"item": item.pk, "code": "  ", "action": "run"})
    assert empty.status_code == 400 and "There is no code to run" in empty.content.decode()
    stale = candidate_client.post(f"/rooms/{room.pk}/runs/", {"item": item.pk + 1, "code": "x", "action": "run"})
    assert stale.status_code == 400 and "moved on" in stale.content.decode()
    assert interviewer_client.post(f"/rooms/{room.pk}/runs/", {"item": item.pk, "code": "x"}).status_code == 404


def test_the_rooms_list_of_questions_sets_their_code_as_code(user, user_client, material):
    question = QuestionFactory(title="What does `append(s[:1], 4)` do?",
                               title_html="What does <code>append(s[:1], 4)</code> do?")
    pick = services.Pick(question_refs=[("go", material["theory"].number), ("go", question.number)])
    room = services.room_create(owner=user, title="Code in titles", pick=pick, duration_minutes=30)
    items = user_client.get(f"/rooms/{room.pk}/").content.decode().split('<ol class="room-items">')[1].split("</ol>")[0]
    assert f"{question.number}. What does <code>append(s[:1], 4)</code> do?" in items and "`" not in items
