import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from quizapp.practice.models import PracticeSession
from quizapp.practice.services import practice_start

pytestmark = pytest.mark.django_db


HTMX = {"HTTP_HX_REQUEST": "true"}


def body(response) -> str:
    return response.content.decode()


def field_errors(response, field: str) -> str:
    """The error list rendered right after the field's input."""
    match = re.search(rf'<ul class="field-errors" id="id_{field}_errors"[^>]*>(.*?)</ul>', body(response), re.S)
    return match.group(1) if match else ""


@pytest.fixture
def session_of_other_user(other_user, questions):
    return practice_start(
        user=other_user, parts=[], size=2, seconds_per_question=60, seconds_total=600, idempotency_key="theirs"
    )


@pytest.mark.parametrize(
    ("name", "method", "data"),
    [
        ("practice:detail", "get", None),
        ("practice:answer", "post", {"position": 0, "answer": "mine now"}),
        ("practice:rate", "post", {"position": 0, "rating": 3}),
        ("practice:skip", "post", {"position": 0}),
        ("practice:finish", "post", {"position": 0}),
    ],
)
def test_another_users_practice_session_is_404(user_client, session_of_other_user, name, method, data):
    url = reverse(name, args=[session_of_other_user.pk])
    response = getattr(user_client, method)(url, data) if data else user_client.get(url)
    assert response.status_code == 404
    session_of_other_user.refresh_from_db()
    assert session_of_other_user.position == 0 and session_of_other_user.is_active
    assert not session_of_other_user.items.exclude(status="pending").exists()


def test_practice_start_errors_keep_the_choices(user_client, parts, questions):
    response = user_client.post(reverse("practice:start"), {
        "parts": [parts[1].pk], "size": "0", "seconds_per_question": "90", "minutes_total": "15", "token": "t1",
    })
    assert "greater than or equal to 1" in field_errors(response, "size")
    text = body(response)
    assert f'value="{parts[1].pk}" id="id_parts_1" checked' in text and 'value="90"' in text and 'value="15"' in text
    assert not PracticeSession.objects.exists()
    assert '<details class="practice-options">' in text  # the error is the size's, in sight


def test_the_start_is_one_step_and_an_option_with_an_error_is_in_sight(user_client, parts, questions):
    page = body(user_client.get(reverse("practice:index")))
    assert page.index('name="size"') < page.index(">Start</button>") < page.index('<details class="practice-options">')
    assert page.index('<details class="practice-options">') < page.index('name="seconds_per_question"')
    response = user_client.post(reverse("practice:start"), {"size": "3", "seconds_per_question": "5",
                                                            "minutes_total": "15", "token": "t2"})
    assert '<details class="practice-options" open>' in body(response)
    assert "greater than or equal to 10" in field_errors(response, "seconds_per_question")


def test_practice_answer_too_long_keeps_the_answer(user_client, user, questions):
    session = practice_start(
        user=user, parts=[], size=2, seconds_per_question=600, seconds_total=900, idempotency_key="a"
    )
    text = "y" * 10_001
    response = user_client.post(reverse("practice:answer", args=[session.pk]), {"position": 0, "answer": text}, **HTMX)
    assert "at most 10000 characters" in body(response) and text in body(response)
    assert session.items.get(position=0).status == "pending"


def test_practice_runs_to_a_summary_and_history(user_client, user, questions):
    response = user_client.post(
        reverse("practice:start"),
        {
            "size": "2",
            "seconds_per_question": "60",
            "minutes_total": "5",
            "token": "t2",
        },
    )
    session = PracticeSession.objects.get(user=user)
    assert response["Location"] == reverse("practice:detail", args=[session.pk])
    page = body(user_client.get(response["Location"]))
    assert "data-countdown" in page and "Question <strong>1</strong> of 2" in page
    for position in range(2):
        user_client.post(reverse("practice:answer", args=[session.pk]), {"position": position, "answer": "because"})
        user_client.post(
            reverse("practice:rate", args=[session.pk]), {"position": position, "rating": 3 if position else 1}
        )
    summary = body(user_client.get(reverse("practice:detail", args=[session.pk])))
    assert '<strong id="practice-score">50%</strong>' in summary and "Weak parts" in summary
    assert "50%" in body(user_client.get(reverse("practice:index")))


def test_a_timed_out_question_shows_times_up_and_its_answer_before_moving_on(user_client, user, questions):
    session = practice_start(
        user=user,
        parts=[],
        size=2,
        seconds_per_question=10,
        seconds_total=600,
        idempotency_key="t",
        now=timezone.now() - timedelta(seconds=30),
    )
    question = session.items.get(position=0).question
    page = body(user_client.get(reverse("practice:detail", args=[session.pk])))
    assert "Time's up." in page and question.answer_html in page and 'id="next-question"' in page
    assert "Question <strong>1</strong> of 2" in page
    user_client.post(reverse("practice:next", args=[session.pk]), {"position": 0})
    page = body(user_client.get(reverse("practice:detail", args=[session.pk])))
    assert "Question <strong>2</strong> of 2" in page


def test_the_summary_shows_each_answer_next_to_the_right_one_and_practises_the_missed(user_client, user, questions):
    session = practice_start(
        user=user, parts=[], size=2, seconds_per_question=60, seconds_total=600, idempotency_key="s"
    )
    user_client.post(reverse("practice:answer", args=[session.pk]), {"position": 0, "answer": "my own words"})
    user_client.post(reverse("practice:rate", args=[session.pk]), {"position": 0, "rating": 1})
    user_client.post(reverse("practice:skip", args=[session.pk]), {"position": 1})
    summary = body(user_client.get(reverse("practice:detail", args=[session.pk])))
    first, second = (item.question for item in session.items.order_by("position"))
    assert "my own words" in summary and "Skipped." in summary
    assert first.answer_html in summary and second.get_absolute_url() in summary
    assert "Practise the 2 I missed" in summary
    response = user_client.post(reverse("practice:missed", args=[session.pk]), {"token": "again"})
    again = PracticeSession.objects.exclude(pk=session.pk).get()
    assert response["Location"] == reverse("practice:detail", args=[again.pk])
    assert set(again.items.values_list("question_id", flat=True)) == {first.pk, second.pk}


def test_practise_missed_on_an_active_session_says_finish_first(user_client, user, questions):
    session = practice_start(
        user=user, parts=[], size=2, seconds_per_question=60, seconds_total=600, idempotency_key="u"
    )
    response = user_client.post(reverse("practice:missed", args=[session.pk]), {"token": "again"}, **HTMX)
    assert response.status_code == 400 and "Finish this session first" in body(response)
    assert PracticeSession.objects.count() == 1
